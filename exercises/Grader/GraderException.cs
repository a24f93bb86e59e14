namespace DeepLearning.Grading;

/// <summary>A failure of the grader or of the course files, never of a submission: grading cannot go on.</summary>
public sealed class GraderException(string message) : Exception(message);
