/** Server-rendered SVG charts (no JavaScript): each is an image with a title and description, next to its data table. */

/** Colours of chart series: distinguishable, and dark enough against white for thin bars. */
export const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#525252', '#bcbd22', '#17becf', '#ff7f0e', '#393b79', '#637939', '#843c39']

/** One series of a stacked chart. */
export interface Series {
  key: string
  label: string
}

/**
 * A y axis from 0 for values up to `value`: a round step (1, 2 or 5 times a power of ten, whole numbers) and
 * the least multiple of it at or above the value, in at most five steps, so every tick is a round, evenly
 * spaced count (0, 2, 4, 6, 8 rather than 0, 2, 4, 5, 7). At least 0 to 4, so a handful does not fill the chart.
 */
export function niceAxis(value: number): { max: number; step: number } {
  const top = Math.max(4, Math.ceil(value))
  for (let magnitude = 1; ; magnitude *= 10) {
    for (const m of [1, 2, 5]) {
      const step = m * magnitude
      if (Math.ceil(top / step) <= 5) return { max: Math.ceil(top / step) * step, step }
    }
  }
}

/** The horizontal grid lines and labels of a y axis from 0 to `max`, one every `step`. */
export function YAxisGrid(props: { max: number; step: number; left: number; right: number; top: number; plotH: number }) {
  const ticks = Array.from({ length: Math.round(props.max / props.step) + 1 }, (_, i) => i * props.step)
  return (
    <>
      {ticks.map((tick) => {
        const y = props.top + props.plotH - (tick / props.max) * props.plotH
        return (
          <g>
            <line x1={props.left} x2={props.right} y1={y} y2={y} stroke="#ddd" />
            <text x={props.left - 6} y={y + 4} text-anchor="end" font-size="11" fill="#222">
              {tick}
            </text>
          </g>
        )
      })}
    </>
  )
}

/** Stacked bars per month (one colour per series) with a legend; `id` makes the title ids unique on the page. */
export function StackedMonthlyBars(props: { id: string; title: string; description: string; months: string[]; series: Series[]; value: (month: string, key: string) => number }) {
  const { months, series } = props
  const width = 720
  const height = 260
  const left = 44
  const bottom = 28
  const top = 10
  const plotW = width - left - 10
  const plotH = height - top - bottom
  const totals = months.map((m) => series.reduce((sum, s) => sum + props.value(m, s.key), 0))
  const { max, step } = niceAxis(Math.max(...totals, 0))
  const band = plotW / Math.max(1, months.length)
  const barW = Math.max(4, band * 0.7)
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={`${props.id}-t ${props.id}-d`} xmlns="http://www.w3.org/2000/svg">
        <title id={`${props.id}-t`}>{props.title}</title>
        <desc id={`${props.id}-d`}>{props.description}</desc>
        <YAxisGrid max={max} step={step} left={left} right={width - 10} top={top} plotH={plotH} />
        {months.map((month, i) => {
          let y = top + plotH
          const x = left + i * band + (band - barW) / 2
          return (
            <g>
              {series.map((s, si) => {
                const v = props.value(month, s.key)
                if (!v) return null
                const h = (v / max) * plotH
                y -= h
                return (
                  <rect x={x} y={y} width={barW} height={h} fill={palette[si % palette.length]}>
                    <title>{`${month} · ${s.label}: ${v}`}</title>
                  </rect>
                )
              })}
              <text x={x + barW / 2} y={height - 10} text-anchor="middle" font-size="10" fill="#222">
                {month.slice(2)}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption>
        <ul class="links">
          {series.map((s, si) => (
            <li>
              <svg width="12" height="12" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">
                <rect width="12" height="12" fill={palette[si % palette.length]} />
              </svg>{' '}
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  )
}

/** Horizontal bars, one per item, labelled with its value. */
export function HorizontalBars(props: { id: string; title: string; description: string; items: { label: string; value: number; color?: string }[] }) {
  const rowH = 24
  const left = 190
  const width = 720
  const height = Math.max(1, props.items.length) * rowH + 10
  const max = Math.max(1, ...props.items.map((i) => i.value))
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={`${props.id}-t ${props.id}-d`} xmlns="http://www.w3.org/2000/svg">
        <title id={`${props.id}-t`}>{props.title}</title>
        <desc id={`${props.id}-d`}>{props.description}</desc>
        {props.items.map((item, i) => {
          const y = 5 + i * rowH
          const w = ((width - left - 60) * item.value) / max
          return (
            <g>
              <text x={left - 8} y={y + 15} text-anchor="end" font-size="12" fill="#222">
                {item.label.length > 28 ? `${item.label.slice(0, 27)}…` : item.label}
              </text>
              <rect x={left} y={y + 3} width={Math.max(1, w)} height={rowH - 8} fill={item.color ?? palette[0]} />
              <text x={left + w + 6} y={y + 15} font-size="12" fill="#222">
                {item.value}
              </text>
            </g>
          )
        })}
      </svg>
    </figure>
  )
}

/** A grid of tiles, one per region, shaded by a value (a map-like view that needs no geography). */
export function RegionGrid(props: { id: string; title: string; description: string; tiles: { label: string; value: number; detail: string }[] }) {
  const cols = 3
  const tileW = 230
  const tileH = 70
  const rows = Math.ceil(props.tiles.length / cols)
  const max = Math.max(1, ...props.tiles.map((t) => t.value))
  return (
    <figure>
      <svg viewBox={`0 0 ${cols * (tileW + 10)} ${rows * (tileH + 10)}`} width="100%" role="img" aria-labelledby={`${props.id}-t ${props.id}-d`} xmlns="http://www.w3.org/2000/svg">
        <title id={`${props.id}-t`}>{props.title}</title>
        <desc id={`${props.id}-d`}>{props.description}</desc>
        {props.tiles.map((tile, i) => {
          const x = (i % cols) * (tileW + 10)
          const y = Math.floor(i / cols) * (tileH + 10)
          // Light tiles keep dark text readable at any value.
          const lightness = 96 - Math.round((tile.value / max) * 36)
          return (
            <g>
              <rect x={x} y={y} width={tileW} height={tileH} rx="6" fill={`hsl(205 70% ${lightness}%)`} stroke="#999" />
              <text x={x + 10} y={y + 24} font-size="14" font-weight="bold" fill="#111">
                {tile.label}
              </text>
              <text x={x + 10} y={y + 48} font-size="12" fill="#111">
                {tile.detail}
              </text>
            </g>
          )
        })}
      </svg>
    </figure>
  )
}
