/**
 * docs/performance.svg: CPU per operation in signatures' worth, one group of horizontal bars per
 * scenario (Cognate on each engine and the peers that have the operation), with the floor (one RS256
 * signature) as a vertical line. Written as a string: no charting dependency for a dozen rectangles.
 */

export interface ChartBar {
  /** Who: "Cognate (SQLite)", "oidc-provider", ... */
  system: string;
  /** CPU per operation in signatures' worth. */
  signatures: number;
}

export interface ChartGroup {
  scenario: string;
  bars: ChartBar[];
}

const COLORS: Record<string, string> = { Cognate: '#1f6feb', 'oidc-provider': '#d97706', 'cognito-local': '#9333ea' };
const colorOf = (system: string) => COLORS[Object.keys(COLORS).find((k) => system.startsWith(k)) ?? ''] ?? '#6b7280';

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderChart(groups: readonly ChartGroup[], title: string): string {
  const BAR = 16;
  const GAP = 4;
  const GROUP_GAP = 18;
  const LABEL = 330;
  const PLOT = 520;
  const TOP = 54;
  const max = Math.max(2, ...groups.flatMap((g) => g.bars.map((b) => b.signatures)).filter(Number.isFinite));
  // A log scale keeps 0.05 and 40 signatures readable on one chart.
  const scale = (v: number) => (Math.log10(Math.max(v, 0.01) / 0.01) / Math.log10(max / 0.01)) * PLOT;
  const parts: string[] = [];
  let y = TOP;
  for (const group of groups) {
    parts.push(`<text x="8" y="${y + 12}" font-weight="bold">${escapeXml(group.scenario)}</text>`);
    y += 18;
    for (const bar of group.bars) {
      const w = Math.max(1, scale(bar.signatures));
      parts.push(
        `<g class="bar"><text x="24" y="${y + 12}">${escapeXml(bar.system)}</text>` +
          `<rect x="${LABEL}" y="${y}" width="${w.toFixed(1)}" height="${BAR}" fill="${colorOf(bar.system)}"><title>${escapeXml(`${group.scenario}: ${bar.system} ${bar.signatures.toFixed(2)}`)}</title></rect>` +
          `<text x="${(LABEL + w + 6).toFixed(1)}" y="${y + 12}">${bar.signatures.toFixed(2)}</text></g>`,
      );
      y += BAR + GAP;
    }
    y += GROUP_GAP;
  }
  const floorX = LABEL + scale(1);
  const ticks = [0.1, 1, 10, 100].filter((t) => t <= max * 1.01);
  const axis = ticks
    .map((t) => `<line x1="${LABEL + scale(t)}" y1="${TOP - 6}" x2="${LABEL + scale(t)}" y2="${y}" stroke="#e5e7eb"/><text x="${LABEL + scale(t) - 8}" y="${TOP - 10}">${t}</text>`)
    .join('');
  const height = y + 10;
  const width = LABEL + PLOT + 80;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="8" y="18" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    axis,
    ...parts,
    `<line class="floor" x1="${floorX}" y1="${TOP - 6}" x2="${floorX}" y2="${y}" stroke="#dc2626" stroke-width="2" stroke-dasharray="4 3"/>`,
    `<text x="${floorX + 4}" y="${y + 2}" fill="#dc2626">floor: 1 RS256 signature</text>`,
    '</svg>',
    '',
  ].join('\n');
}
