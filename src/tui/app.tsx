// The container: reads the snapshot, holds the UI state, turns keys into effects and lays the
// panels out. Everything it decides is delegated to pure modules (keymap, controller, selectors).
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { Box, useApp, useInput, useStdin, type Key } from 'ink';
import type { Clock, SnapshotSource, TuiCommands } from '../core/index.ts';
import { decideIntent, decidePromptKey, runCommand, type CommandCall, type Effect } from './controller.ts';
import { resolveKey, resolvePromptKey, splitKeys } from './keymap.ts';
import { computeLayout } from './layout.ts';
import { useNow } from './hooks/use-now.ts';
import { useSnapshot } from './hooks/use-snapshot.ts';
import { useTranscript } from './hooks/use-transcript.ts';
import { transcriptStep } from './selectors.ts';
import { transcriptRowCount } from './components/step-live.tsx';
import { useTerminalSize } from './hooks/use-terminal-size.ts';
import { initialUiState, uiReducer } from './state.ts';
import type { FrameBudget } from './throttle.ts';
import { ColorContext } from './components/line.tsx';
import { Header } from './components/header.tsx';
import { Footer } from './components/footer.tsx';
import { Body } from './components/body.tsx';

export interface AppProps {
  source: SnapshotSource;
  commands: TuiCommands;
  clock: Clock;
  /** false: draw no colour (NO_COLOR). */
  color: boolean;
  /** Frame budget for the snapshot throttle (startTui sets one; tests leave it off). */
  budget?: FrameBudget;
  /** The runtime has stopped: the frame says so (the last one before the console closes). */
  stopped?: boolean;
}

export function App({ source, commands, clock, color, budget, stopped = false }: AppProps) {
  const snapshot = useSnapshot(source, clock, budget);
  const now = useNow(clock);
  const { columns, rows } = useTerminalSize();
  const [ui, dispatch] = useReducer(uiReducer, initialUiState);
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const watched = transcriptStep(ui);
  const transcript = useTranscript(commands, watched?.runId ?? null, watched?.stepId ?? null);

  // Keys are handled against the latest state, not the one of the render that bound the handler.
  const latest = useRef({ snapshot, ui, transcriptRows: 0 });
  latest.current = { snapshot, ui, transcriptRows: transcriptRowCount(transcript) };
  const mounted = useRef(true);
  const quitStarted = useRef(false);
  useEffect(() => () => void (mounted.current = false), []);
  // Exits once the frame that says "stopped" is committed: Ink leaves its last frame on screen.
  useEffect(() => {
    if (ui.stopped) exit();
  }, [ui.stopped, exit]);

  const send = useCallback(
    (call: CommandCall) => {
      if (call.name === 'quit') {
        const first = !quitStarted.current;
        quitStarted.current = true;
        const done = commands.quit();
        // The first quit owns the exit; a second one only tells the runtime to hurry.
        // The exit waits for a frame that says the runtime stopped (see the effect below).
        if (first) void done.catch(() => undefined).finally(() => (mounted.current ? dispatch({ type: 'stopped' }) : exit()));
        else void done.catch(() => undefined);
        return;
      }
      void runCommand(commands, call).then((res) => {
        if (!mounted.current) return;
        dispatch({ type: 'message', text: res.text, tone: res.tone });
        if (res.detail) dispatch({ type: 'detailOpen', detail: res.detail });
        if (res.runId !== undefined) dispatch({ type: 'select', panel: 'runs', id: res.runId });
      });
    },
    [commands, exit],
  );

  const perform = useCallback(
    (effects: readonly Effect[]) => {
      for (const e of effects) {
        if (e.kind === 'dispatch') {
          // Applied to the ref at once too: the next key of the same chunk must see this one.
          latest.current = { ...latest.current, ui: uiReducer(latest.current.ui, e.action) };
          dispatch(e.action);
        } else send(e.call);
      }
    },
    [send],
  );

  const onKey = useCallback(
    (chunk: string, chunkKey: Key) => {
      for (const [input, key] of splitKeys(chunk, chunkKey)) {
        const { snapshot: s, ui: u, transcriptRows: rows } = latest.current;
        if (u.prompt) {
          const pk = resolvePromptKey(input, key);
          if (pk) perform(decidePromptKey(pk, u));
          continue;
        }
        const intent = resolveKey(u.help ? 'help' : 'normal', input, key);
        if (intent) perform(decideIntent(intent, s, u, { transcriptRows: rows }));
      }
    },
    [perform],
  );
  // Without raw mode (stdin not a terminal) Ink cannot read keys and would fail: view only.
  useInput(onKey, { isActive: isRawModeSupported });

  const layout = computeLayout(columns, rows);
  return (
    <ColorContext.Provider value={color}>
      <Box flexDirection="column" width={layout.columns} height={layout.liveRows}>
        <Header snapshot={snapshot} width={layout.columns} wide={layout.wide} now={now} stopped={stopped || ui.stopped} />
        <Body snapshot={snapshot} ui={ui} layout={layout} now={now} transcript={transcript} />
        {layout.liveRows > 1 ? <Footer message={ui.message} width={layout.columns} snapshot={snapshot} stopped={stopped || ui.stopped} /> : null}
      </Box>
    </ColorContext.Provider>
  );
}
