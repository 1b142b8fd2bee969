"""The parts the main window (`app.main_window.MainWindow`) is assembled from.

Each part has one job and is owned by the window, which creates the views, hands each part
what it works on and connects the signals between them:

- `layout`: the docks around the canvas, their sizes on small and large screens, and the
  saved geometry and dock layout;
- `actions`: the actions, the menus (with Open Recent) and the run toolbar;
- `files`: New, Open, Save, Save As, recovery of unsaved work at start-up, the window title;
- `exports`: Export Script, Export Results, Export Plots;
- `editing`: adding, copying, cutting, pasting and deleting nodes, and when those are possible;
- `problems`: the project's problems on the canvas, in the inspector, in the problems dock and
  the status bar, and going to one;
- `run_glue`: starting, continuing and stopping runs, their progress, results and failures;
- `part`: what the parts that talk to the user share (the window, its project, its prompts).

The parts never import the window (an import-linter contract keeps it so); `actions` reaches
the window's commands through the `WindowCommands` protocol.
"""
