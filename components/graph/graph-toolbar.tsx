'use client';
import { sel } from '@/components/test-ids';
import { optionsOf, Select } from '@/components/ui/select';
import {
  AMBIENT_TRAFFIC,
  GRAPH_TYPES,
  LAYOUTS,
  type AmbientTraffic,
  type GraphType,
  type GraphViewParams,
  type LayoutName,
} from '@/lib/query/graph';
import { DisplayMenu } from './display-menu';
import { EdgeLabelsMenu } from './edge-labels-menu';
import { GraphLegend } from './legend';
import { LAYOUT_LABELS } from './layouts';

export const GRAPH_TYPE_LABELS: Record<GraphType, string> = {
  app: 'App graph',
  versionedApp: 'Versioned app graph',
  workload: 'Workload graph',
  service: 'Service graph',
};

/** Kiali's ambient traffic choices (Traffic menu, "Ambient"). */
export const AMBIENT_TRAFFIC_LABELS: Record<AmbientTraffic, string> = {
  total: 'Ambient: total',
  waypoint: 'Ambient: waypoint (L7)',
  ztunnel: 'Ambient: ztunnel (L4)',
  none: 'Ambient: none',
};

const AMBIENT_HINT =
  'Which ambient telemetry the graph reads: total (waypoint and ztunnel), waypoint (L7 requests reported by ' +
  'waypoints, no ztunnel TCP), ztunnel (L4 bytes, no waypoint requests) or none (sidecar telemetry only).';

const LAYOUT_HINT =
  'Dagre: hierarchical, left to right. fCoSE: force-directed. Breadth-first: layered from the traffic sources. ' +
  'Grid: fastest.';

/** The toolbar's plain actions: test id, tooltip and label of each button. */
const ACTIONS = {
  fit: { testId: sel.graph.fitButton, title: 'Fit the graph to the screen', label: '⤢ Fit' },
  exportPng: { testId: sel.graph.exportPng, title: 'Download the whole graph as PNG', label: '⤓ PNG' },
  exportJson: { testId: sel.graph.exportJson, title: 'Download the graph JSON from the API', label: '⤓ JSON' },
};

/** One of the toolbar's action buttons (`ACTIONS`). */
function ToolbarButton({
  action,
  onClick,
  disabled,
}: {
  action: (typeof ACTIONS)[keyof typeof ACTIONS];
  onClick(): void;
  disabled: boolean;
}) {
  return (
    <button
      type="button"
      className="picker"
      onClick={onClick}
      disabled={disabled}
      data-testid={action.testId}
      title={action.title}
    >
      {action.label}
    </button>
  );
}

export interface GraphToolbarProps {
  params: GraphViewParams;
  large: boolean;
  /** Whether the namespace view is shown (the URL's choice, or the automatic one). */
  namespaceView: boolean;
  /** The layout actually running (the automatic choice when the URL has none). */
  layout: LayoutName;
  canExport: boolean;
  canFit: boolean;
  onChange(change: Partial<GraphViewParams>): void;
  onFit(): void;
  onExportPng(): void;
  onExportJson(): void;
  /** Whether a replay is shown; the Replay button opens or closes it. */
  replaying: boolean;
  onToggleReplay(): void;
}

/** Graph type, edge labels, display toggles, layout, legend, fit and exports (Kiali's graph toolbar). */
export function GraphToolbar(props: GraphToolbarProps) {
  const { params, large, layout, canExport, onChange } = props;
  return (
    <div className="graph-toolbar" role="toolbar" aria-label="Graph options" data-testid={sel.graph.toolbar}>
      <Select
        labelClassName="picker-inline"
        label={<span className="sr-only">Graph type</span>}
        testId={sel.graph.graphType}
        value={params.graphType}
        onChange={(v) => onChange({ graphType: v as GraphType, focus: null })}
        options={optionsOf(GRAPH_TYPES, (t) => GRAPH_TYPE_LABELS[t])}
      />
      <EdgeLabelsMenu params={params} onChange={onChange} />
      <Select
        labelClassName="picker-inline"
        label={<span className="sr-only">Ambient traffic</span>}
        testId={sel.graph.ambientTraffic}
        title={AMBIENT_HINT}
        value={params.ambientTraffic}
        onChange={(v) => onChange({ ambientTraffic: v as AmbientTraffic })}
        options={optionsOf(AMBIENT_TRAFFIC, (t) => AMBIENT_TRAFFIC_LABELS[t])}
      />
      <DisplayMenu params={params} large={large} namespaceView={props.namespaceView} onChange={onChange} />
      <Select
        labelClassName="picker-inline"
        label={<span className="sr-only">Layout</span>}
        testId={sel.graph.layout}
        title={LAYOUT_HINT}
        value={layout}
        onChange={(v) => onChange({ layout: v as LayoutName })}
        options={LAYOUTS.map((l) => {
          const tooSlow = large && l === 'dagre';
          return {
            value: l,
            label: `Layout: ${LAYOUT_LABELS[l]}${tooSlow ? ' (too slow here)' : ''}`,
            disabled: tooSlow,
          };
        })}
      />
      <div className="toolbar-spacer" />
      <GraphLegend />
      <button
        type="button"
        className="picker"
        onClick={props.onToggleReplay}
        aria-pressed={props.replaying}
        data-testid={sel.graph.replayButton}
        title="Step through a past stretch of time (the graph API's queryTime)"
      >
        Replay
      </button>
      <ToolbarButton action={ACTIONS.fit} onClick={props.onFit} disabled={!props.canFit} />
      <ToolbarButton action={ACTIONS.exportPng} onClick={props.onExportPng} disabled={!canExport} />
      <ToolbarButton action={ACTIONS.exportJson} onClick={props.onExportJson} disabled={!canExport} />
    </div>
  );
}
