// Public face of src/tui: the live view `amas up` starts. View only — it reads a
// SnapshotSource and sends TuiCommands, both defined in src/core.
export { startTui, colorAllowed, MAX_FPS, type TuiHandle, type TuiOptions } from './start.tsx';
