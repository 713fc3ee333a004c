/** A small dependency-free SVG line chart: shares (0..1) against request counts. */
export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
}

export function lineChartSvg(title: string, xLabel: string, series: Series[], width = 720, height = 360): string {
  const margin = { left: 56, right: 150, top: 36, bottom: 44 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const maxX = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.x)));
  const px = (x: number) => margin.left + (x / maxX) * plotW;
  const py = (y: number) => margin.top + (1 - y) * plotH;
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((y) => `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/><text x="${margin.left - 8}" y="${py(y) + 4}" text-anchor="end" font-size="11">${Math.round(y * 100)}%</text>`)
    .join("");
  const xTicks = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => `<text x="${px(f * maxX)}" y="${margin.top + plotH + 16}" text-anchor="middle" font-size="11">${Math.round(f * maxX)}</text>`)
    .join("");
  const lines = series
    .map((s, i) => {
      const path = s.points.map((p, j) => `${j === 0 ? "M" : "L"}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(" ");
      const legendY = margin.top + 14 + i * 18;
      return `<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"/><rect x="${margin.left + plotW + 14}" y="${legendY - 9}" width="12" height="3" fill="${s.color}"/><text x="${margin.left + plotW + 32}" y="${legendY - 4}" font-size="12">${escapeXml(s.name)}</text>`;
    })
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/><text x="${margin.left}" y="22" font-size="14">${escapeXml(title)}</text>${grid}${xTicks}<text x="${margin.left + plotW / 2}" y="${height - 8}" text-anchor="middle" font-size="12">${escapeXml(xLabel)}</text>${lines}</svg>\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
