// The benchmark's chart: two panels of grouped horizontal bars, throughput
// and p95 latency, one group per workload and one bar per engine, on log
// scales (the engines differ by orders of magnitude). Plain SVG, no
// dependencies.

const kColors = ['#f38020', '#faad3f', '#5b8def', '#98b6f5', '#2e7d32', '#7b1fa2'];

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceTicks(min, max) {
  const ticks = [];
  for (let t = 10 ** Math.floor(Math.log10(min)); t <= max * 1.0001; t *= 10) ticks.push(t);
  return ticks;
}

// One panel: `value(workload, engine)` (undefined = not run) on a log axis.
function panel({ x, y, width, title, unit, workloads, engines, value }) {
  const barHeight = 9;
  const groupGap = 10;
  const labelWidth = 190;
  const values = workloads.flatMap((w) => engines.map((e) => value(w, e))).filter((v) => v > 0);
  const ticks = niceTicks(Math.min(...values), Math.max(...values));
  const lo = Math.log10(ticks[0]);
  const hi = Math.log10(Math.max(ticks.at(-1), Math.max(...values)));
  const plotWidth = width - labelWidth - 60;
  const at = (v) => x + labelWidth + ((Math.log10(v) - lo) / (hi - lo || 1)) * plotWidth;
  const out = [`<text x="${x}" y="${y}" font-weight="bold">${escape(title)}</text>`];
  let top = y + 14;
  const height = workloads.length * (engines.length * barHeight + groupGap);
  for (const t of ticks) {
    out.push(`<line x1="${at(t)}" y1="${top}" x2="${at(t)}" y2="${top + height}" stroke="#ddd"/>`,
      `<text x="${at(t)}" y="${top + height + 12}" text-anchor="middle" fill="#666">${t >= 1000 ? `${t / 1000}k` : t}</text>`);
  }
  out.push(`<text x="${x + labelWidth + plotWidth / 2}" y="${top + height + 26}" text-anchor="middle" fill="#666">${escape(unit)}</text>`);
  for (const w of workloads) {
    out.push(`<text x="${x + labelWidth - 6}" y="${top + (engines.length * barHeight) / 2 + 4}" text-anchor="end">${escape(w.title)}</text>`);
    engines.forEach((e, i) => {
      const v = value(w, e);
      const by = top + i * barHeight;
      if (v > 0) {
        out.push(`<rect x="${x + labelWidth}" y="${by}" width="${Math.max(1, at(v) - x - labelWidth)}" height="${barHeight - 1}" fill="${kColors[i % kColors.length]}"/>`,
          `<text x="${at(v) + 3}" y="${by + barHeight - 1}" font-size="8" fill="#333">${v >= 100 ? v.toFixed(0) : v.toPrecision(2)}</text>`);
      } else {
        out.push(`<text x="${x + labelWidth + 3}" y="${by + barHeight - 1}" font-size="8" fill="#999">not run</text>`);
      }
    });
    top += engines.length * barHeight + groupGap;
  }
  return { svg: out.join('\n'), height: top - y + 30 };
}

/** The chart as SVG text. `value(workload, engine, 'ops' | 'p95')`. */
export function chart({ title, workloads, engines, value }) {
  const width = 520;
  const ops = panel({ x: 10, y: 44, width, title: 'throughput (higher is better)', unit: 'operations per second, log scale', workloads, engines, value: (w, e) => value(w, e, 'ops') });
  const p95 = panel({ x: 10 + width, y: 44, width, title: 'p95 latency (lower is better)', unit: 'milliseconds, log scale', workloads, engines, value: (w, e) => value(w, e, 'p95') });
  const height = 44 + Math.max(ops.height, p95.height) + 10;
  const legend = engines.map((e, i) => `<rect x="${10 + i * 170}" y="24" width="10" height="10" fill="${kColors[i % kColors.length]}"/>`
    + `<text x="${24 + i * 170}" y="33">${escape(e.label)}</text>`).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * width + 20}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="14" font-weight="bold" font-size="13">${escape(title)}</text>`,
    legend, ops.svg, p95.svg, '</svg>', '',
  ].join('\n');
}
