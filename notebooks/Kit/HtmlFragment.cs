namespace DeepLearning.Notebooks;

/// <summary>
/// HTML that a cell shows as such: setup.csx registers it with the kernel's formatter as text/html.
/// </summary>
/// <remarks>
/// The kernel's own <c>HTML(...)</c> helper returns an <c>IHtmlContent</c> of Microsoft.AspNetCore.Html.Abstractions,
/// which the kernel references in two versions: every cell that used it showed warning CS1701 to the learner. A
/// type of the kit's own keeps that assembly out of the cell's compilation.
/// </remarks>
public sealed record HtmlFragment(string Markup)
{
    public override string ToString() => Markup;
}
