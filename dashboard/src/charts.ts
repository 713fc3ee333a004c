/**
 * Charts over time with uPlot (canvas, ~20 KB gzip). The canvas says nothing to a screen
 * reader, so each chart is a figure with a caption, a one-line summary as its label, and the
 * same numbers in a table under a disclosure.
 */
import uPlot from "uplot";
import { el, table } from "./dom.ts";

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  color: string;
  /** Drawn as bars instead of a line. */
  bars?: boolean;
}

export interface ChartSpec {
  title: string;
  /** Bucket starts, ISO. */
  times: string[];
  series: ChartSeries[];
  format: (value: number | null) => string;
  summary: string;
  /** The y axis' fixed range, e.g. [0, 1] for a share; otherwise it fits the data. */
  range?: [number, number];
}

const HEIGHT = 200;

export function chart(spec: ChartSpec): HTMLElement {
  const plot = el("div", { class: "chart", role: "img", "aria-label": `${spec.title}: ${spec.summary}` });
  const rows = spec.times.map((start, i) => [start.slice(0, 16).replace("T", " "), ...spec.series.map((series) => spec.format(series.values[i] ?? null))]);
  const figure = el(
    "figure",
    { class: "chart-figure" },
    el("figcaption", {}, spec.title),
    plot,
    el("details", {}, el("summary", {}, `${spec.title}: the numbers`), table(spec.title, ["Period (UTC)", ...spec.series.map((s) => s.label)], rows)),
  );
  // uPlot measures its container, so it is drawn once the figure is in the document.
  queueMicrotask(() => draw(plot, spec));
  return figure;
}

function draw(container: HTMLElement, spec: ChartSpec): void {
  if (!container.isConnected || spec.times.length === 0) return;
  const x = spec.times.map((start) => Date.parse(start) / 1000);
  const options: uPlot.Options = {
    width: Math.max(container.clientWidth, 200),
    height: HEIGHT,
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"),
    scales: { x: { time: true }, ...(spec.range && { y: { range: spec.range } }) },
    // The legend is a key only: the exact numbers are in the table below the chart.
    legend: { live: false },
    axes: [{}, { values: (_u, ticks) => ticks.map((tick) => spec.format(tick)), size: 70 }],
    series: [
      {},
      ...spec.series.map((series) => ({
        label: series.label,
        stroke: series.color,
        fill: series.bars ? series.color : undefined,
        width: 2,
        paths: series.bars ? uPlot.paths.bars!({ size: [0.6, 40] }) : undefined,
        // A bucket without requests has no share: the line joins the buckets that have one.
        spanGaps: true,
      })),
    ],
  };
  const plot = new uPlot(options, [x, ...spec.series.map((series) => series.values)] as uPlot.AlignedData, container);
  new ResizeObserver(() => plot.setSize({ width: Math.max(container.clientWidth, 200), height: HEIGHT })).observe(container);
}
