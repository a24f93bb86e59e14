// The long fixtures run side by side: the teacher's chapters through Jupyter (JupyterNotebookTests, whose
// chapters may also run two at a time, each in a kernel of its own), the release written, built and its
// learner's chapters run in one process (ReleaseTests), and the learner's chapters in Jupyter Notebook in Chromium
// (BrowserTests: two chapters by default, one after another, a few minutes). Each is mostly one busy thread at a time
// (a kernel compiling and running a cell, a build, the browser drawing), and they share nothing: each works in a scratch
// folder or a server of its own. With two workers one of the three waits for a free one (in a whole run, the browser
// test and the release started first); the teacher's chapters, twelve tests that may run two at a time, then keep
// both workers busy to the end, so the order adds little.
// Every other fixture runs alone ([NonParallelizable]). In the test command the other test assemblies finish minutes
// before this one, so without this one of the two cores would sit idle meanwhile.
[assembly: LevelOfParallelism(2)]
