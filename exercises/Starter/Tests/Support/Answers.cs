using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DeepLearning.Exercises.Tests;

/// <summary>
/// The check of a quick question ("predict, then run"). The learner's copy holds no answer in plain text: a question's
/// visible test stores the SHA-256 of its salted, normalised answer, <c>Hash("3.a", 'B')</c>, and compares the hash
/// of the learner's answer with it. A wrong answer fails with where to look again, never with the answer.
/// </summary>
/// <remarks>
/// This hides the answer from a glance at the tests, not from a learner who tries every option: a question has a few,
/// and the next cell of the notebook shows the answer anyway. The questions are for predicting, not for secrecy.
/// </remarks>
public static class Answers
{
    private const string Salt = "dlc-quick-questions";

    /// <summary>The stored form of an answer: hex SHA-256 of "salt|3.a:B" (a letter upper-cased, a number in invariant digits).</summary>
    public static string Hash(string questionId, object answer)
    {
        var normal = answer switch
        {
            char letter => char.ToUpperInvariant(letter).ToString(),
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => answer.ToString() ?? "",
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Salt}|{questionId}:{normal}")));
    }

    /// <summary>Passes when <paramref name="given"/> hashes to <paramref name="expectedHash"/>; otherwise fails, pointing at <paramref name="lookAgainAt"/>.</summary>
    public static void Check(string questionId, object given, string expectedHash, string lookAgainAt)
    {
        if (Hash(questionId, given) != expectedHash)
        {
            Assert.Fail($"{Describe(given)} is not the answer; look again at {lookAgainAt}");
        }
    }

    private static string Describe(object answer) => answer is char letter ? $"'{letter}'" : Convert.ToString(answer, CultureInfo.InvariantCulture) ?? "";
}
