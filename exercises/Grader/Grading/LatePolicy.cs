using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DeepLearning.Grading;

/// <summary>
/// A late submission loses <see cref="PenaltyPercentPerDay"/> percent of its score for every day or part of a day after
/// the deadline, and everything after the cutoff: score × (1 − min(100, days × percent) / 100).
/// </summary>
/// <param name="Deadline">On time up to and including this moment.</param>
/// <param name="PenaltyPercentPerDay">Percent of the score lost per started day late, 0 to 100.</param>
/// <param name="Cutoff">After it a submission scores 0; null for no cutoff.</param>
public sealed partial record LatePolicy(DateTimeOffset Deadline, double PenaltyPercentPerDay, DateTimeOffset? Cutoff)
{
    /// <summary>What the policy takes from a submission made at <paramref name="submittedAt"/>; null when it was on time.</summary>
    public LateDeduction? For(DateTimeOffset submittedAt)
    {
        if (submittedAt <= Deadline)
        {
            return null;
        }
        var days = (int)Math.Ceiling((submittedAt - Deadline).TotalDays);
        var when = $"submitted {Format(submittedAt)}, {days} day{(days == 1 ? "" : "s")} after the deadline {Format(Deadline)}";
        if (submittedAt > Cutoff)
        {
            return new LateDeduction(days, 100, $"Late: {when} and after the cutoff {Format(Cutoff.Value)}: the score is 0.");
        }
        var percent = Math.Min(100, days * PenaltyPercentPerDay);
        return new LateDeduction(days, percent, $"Late: {when}: {PenaltyPercentPerDay:0.##} % a day, {percent:0.##} % of the score taken off.");
    }

    /// <summary>
    /// The submission time in Gradescope's <c>submission_metadata.json</c> (its <c>created_at</c>), which the autograder
    /// finds beside the submission folder.
    /// </summary>
    public static DateTimeOffset SubmittedAt(string metadataPath)
    {
        try
        {
            using var metadata = JsonDocument.Parse(File.ReadAllText(metadataPath));
            return metadata.RootElement.TryGetProperty("created_at", out var created) && created.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(created.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                ? time
                : throw new GraderException($"{metadataPath}: created_at is missing or not a time");
        }
        catch (Exception exception) when (exception is JsonException or IOException)
        {
            throw new GraderException($"{metadataPath}: cannot read the submission's time: {exception.Message}");
        }
    }

    /// <summary>
    /// An ISO 8601 time that states its offset ("2027-01-15T23:59:00+01:00", "...Z"): a deadline without one would mean
    /// whatever time zone the grading machine has.
    /// </summary>
    public static bool TryParseTime(string text, out DateTimeOffset time)
    {
        time = default;
        return TimeWithOffset().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    private static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex TimeWithOffset();
}

/// <summary>What lateness takes off a score: the started days late, the percent of the score, and the sentence that says so.</summary>
public sealed record LateDeduction(int DaysLate, double Percent, string Explanation)
{
    public double Apply(double score) => score * (1 - Percent / 100);
}
