// The long fixtures run side by side, two at a time: the teacher's chapters (TeacherNotebookTests) and the release
// written, built and its learner's chapters (ReleaseTests), each in one runner process of its own, all chapters in
// turn, and the learner's chapters in Jupyter Notebook in Chromium (BrowserTests: two chapters by default, one after
// another). Each is mostly one busy thread at a time (a kernel compiling and running a cell, a build, the browser
// drawing), and they share nothing: each works in a scratch folder or a server of its own. The third waits for a
// free worker. Every other fixture runs alone ([NonParallelizable]). In the test command the other test assemblies
// finish minutes before this one, so without this one of the two cores would sit idle meanwhile.
[assembly: LevelOfParallelism(2)]
