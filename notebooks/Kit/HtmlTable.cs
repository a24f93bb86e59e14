using System.Globalization;
using System.Net;
using System.Text;

namespace DeepLearning.Notebooks;

/// <summary>
/// A plain HTML table of a sequence of records, one column a property: <c>HtmlTable.From(rows)</c> as a cell's last line.
/// (The kernel's own formatter shows a sequence of objects as an expandable tree, which hides the values.)
/// </summary>
public static class HtmlTable
{
    public static HtmlFragment From<T>(IEnumerable<T> rows)
    {
        var properties = typeof(T).GetProperties();
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var property in properties)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(property.Name)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var property in properties)
            {
                var value = property.GetValue(row);
                var text = value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString();
                html.Append("<td>").Append(WebUtility.HtmlEncode(text)).Append("</td>");
            }
            html.Append("</tr>");
        }
        return new HtmlFragment(html.Append("</tbody></table>").ToString());
    }
}
