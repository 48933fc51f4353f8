// The grid between header and footer: three bands of two panels, or one panel when the
// terminal is too small. Only slices of the snapshot go down to the panels.
import { Box } from 'ink';
import { assertNever } from '../../core/index.ts';
import type { Snapshot, Transcript } from '../../core/index.ts';
import type { Layout } from '../layout.ts';
import { filterEvents, nestedRuns, openRun, panelRowIds, runViewRows, selectedIndex, shownRun, sortAlerts } from '../selectors.ts';
import type { PanelId, UiState } from '../state.ts';
import { AgentsPanel } from './agents-panel.tsx';
import { AlertsPanel } from './alerts-panel.tsx';
import { DiagnosticsPanel, diagnosticsHeight } from './diagnostics-panel.tsx';
import { EventsFeed } from './events-feed.tsx';
import { HelpOverlay } from './help-overlay.tsx';
import { InputPrompt } from './input-prompt.tsx';
import { RunDag } from './run-dag.tsx';
import { RunsPanel } from './runs-panel.tsx';
import { StepDetailView } from './step-detail.tsx';
import { StepLive, stepLiveHasContent } from './step-live.tsx';
import { WorkflowsPanel } from './workflows-panel.tsx';
import { WorkersPanel, workersHeight } from './workers-panel.tsx';

export interface BodyProps {
  snapshot: Snapshot;
  ui: UiState;
  layout: Layout;
  now: number;
  /** The selected step's transcript (the open run's), when it has one. */
  transcript?: Transcript | null;
}

export function Body({ snapshot, ui, layout, now, transcript = null }: BodyProps) {
  const { body, columns, wide } = layout;
  if (body <= 0) return null;
  if (ui.help) return <HelpOverlay width={columns} height={body} />;
  if (ui.stepDetail) return <StepDetailView detail={ui.stepDetail} width={columns} height={body} />;
  const sel = (panel: PanelId) => selectedIndex(panelRowIds(snapshot, ui, panel), ui.selected[panel]);
  const run = shownRun(snapshot, ui);
  const isOpen = openRun(snapshot, ui) !== undefined;
  const viewRows = run && isOpen ? runViewRows(snapshot, run) : undefined;
  const stepSel = viewRows ? selectedIndex(viewRows.map((r) => r.id), ui.selectedStep) : 0;
  // The selected step of the open run, live: the approval it waits for and its transcript.
  const liveStep = isOpen ? run?.steps.find((s) => s.id === ui.selectedStep) : undefined;
  const live = liveStep && stepLiveHasContent(liveStep.approval, transcript)
    ? (width: number, height: number) => <StepLive stepId={liveStep.id} approval={liveStep.approval} transcript={transcript} scroll={ui.transcriptScroll} width={width} height={height} now={now} />
    : undefined;
  const common = { now, wide };
  const diagnosticsRows = (height: number) => {
    const want = diagnosticsHeight(snapshot.lastReload);
    return want > 0 ? Math.min(want, Math.max(2, height - 3)) : 0;
  };
  const panel = (id: PanelId, width: number, height: number) => {
    const focused = ui.focus === id;
    switch (id) {
      case 'agents': {
        // The queue workers (PostgreSQL store) share the agents' place, below them, when there are any.
        const wh = workersHeight(snapshot.workers, height);
        // The agents take what they need of the rest; the workers get whatever that leaves.
        const ah = wh === 0 ? height : Math.max(2, Math.min(height - wh, snapshot.agents.length + 1));
        const agents = <AgentsPanel agents={snapshot.agents} selected={sel('agents')} focused={focused} width={width} height={ah} {...common} />;
        if (wh === 0) return agents;
        return (
          <Box flexDirection="column" width={width} height={height}>
            {agents}
            <WorkersPanel workers={snapshot.workers ?? []} width={width} height={height - ah} wide={wide} />
          </Box>
        );
      }
      case 'workflows': return <WorkflowsPanel workflows={snapshot.workflows} selected={sel('workflows')} focused={focused} width={width} height={height} {...common} />;
      case 'runs': return <RunsPanel runs={nestedRuns(snapshot.runs)} selected={sel('runs')} focused={focused} width={width} height={height} {...common} />;
      case 'events': return <EventsFeed events={filterEvents(snapshot.events, ui.eventFilter)} filter={ui.eventFilter} selected={sel('events')} focused={focused} width={width} height={height} wide={wide} />;
      case 'alerts': {
        // Compact: the diagnostics live with the alerts; the grid gives them the full width instead.
        const diag = layout.compact ? diagnosticsRows(height) : 0;
        return (
          <Box flexDirection="column" width={width} height={height}>
            {snapshot.lastReload && diag > 0 ? <DiagnosticsPanel reload={snapshot.lastReload} width={width} height={diag} /> : null}
            <AlertsPanel alerts={sortAlerts(snapshot.alerts)} selected={sel('alerts')} focused={focused} width={width} height={height - diag} />
          </Box>
        );
      }
      default: return assertNever(id, 'panel');
    }
  };
  const dag = (width: number, height: number) => (
    <RunDag run={run} {...(viewRows ? { rows: viewRows } : {})} open={isOpen} selected={stepSel} focused={ui.focus === 'runs'} width={width} height={height} {...common} />
  );

  if (layout.compact) {
    if (ui.prompt) return <InputPrompt prompt={ui.prompt} width={columns} height={body} />;
    // The focused panel alone, with an open run's steps in place of the run list.
    if (ui.focus === 'runs' && isOpen) {
      if (!live || body < 8) return dag(columns, body);
      const top = Math.ceil(body / 2);
      return (
        <Box flexDirection="column" width={columns} height={body}>
          {dag(columns, top)}
          {live(columns, body - top)}
        </Box>
      );
    }
    return panel(ui.focus, columns, body);
  }
  const { left, right, top, mid, bottom } = layout;
  // After a bad save the diagnostics matter most: full width, above events and alerts.
  const diag = diagnosticsRows(bottom);
  return (
    <Box flexDirection="column" width={columns} height={body}>
      <Box flexDirection="row" height={top}>
        {panel('agents', left, top)}
        {panel('workflows', right, top)}
      </Box>
      <Box flexDirection="row" height={mid}>
        {panel('runs', left, mid)}
        {dag(right, mid)}
      </Box>
      {ui.prompt ? (
        <InputPrompt prompt={ui.prompt} width={columns} height={bottom} />
      ) : live && ui.focus === 'runs' ? (
        // An open run's selected step takes the events' place: its transcript wants the full width.
        live(columns, bottom)
      ) : (
        <>
          {snapshot.lastReload && diag > 0 ? <DiagnosticsPanel reload={snapshot.lastReload} width={columns} height={diag} /> : null}
          <Box flexDirection="row" height={bottom - diag}>
            {panel('events', left, bottom - diag)}
            {panel('alerts', right, bottom - diag)}
          </Box>
        </>
      )}
    </Box>
  );
}
