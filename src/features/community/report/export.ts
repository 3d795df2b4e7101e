import PDFDocument from 'pdfkit'
import { t, type Locale, type MessageKey } from '../../../ui/i18n.ts'
import { BUNDLED_FONTS } from '../../credentials/certificates/fonts.ts'
import { csvField } from '../feedback/export.ts'
import { activityTypes } from '../schema.ts'
import { typeLabel } from '../views/fields.tsx'
import type { MonthlyReport, RegionReport } from './queries.ts'

/** A region's name in a language. */
export function regionLabel(locale: Locale, region: string): string {
  return region === '*' ? t(locale, 'community.report.total') : t(locale, `community.region.${region}` as MessageKey)
}

/** The report as CSV (header row, CRLF): a line per region, then the totals; one column per activity type. */
export function reportCsv(report: MonthlyReport, locale: Locale): string {
  const header = ['month', 'region', 'regionName', 'activeAmbassadors', 'activities', ...activityTypes.map((type) => `activities.${type}`), 'groupEvents', 'feedbackItems']
  const line = (region: string, r: Omit<RegionReport, 'region'>) =>
    [report.month, region, regionLabel(locale, region), r.activeAmbassadors, r.activitiesTotal, ...activityTypes.map((type) => r.activities[type]), r.groupEvents, r.feedbackItems].map(csvField).join(',')
  return [header.join(','), ...report.lines.map((r) => line(r.region, r)), line('*', report.totals)].join('\r\n') + '\r\n'
}

const cjkFont = BUNDLED_FONTS.find((f) => f.family === 'Noto Serif SC' && f.weight === 400)!.file

/** Draws one table row at `y`: cells left-aligned in the first column, right-aligned in the others. */
function row(doc: PDFKit.PDFDocument, y: number, widths: number[], cells: (string | number)[], bold = false) {
  let x = doc.page.margins.left
  if (bold) doc.rect(x, y - 3, widths.reduce((a, b) => a + b, 0), 16).fill('#eeeeee').fillColor('#000000')
  cells.forEach((cell, i) => {
    doc.text(String(cell), x + 3, y, { width: widths[i]! - 6, align: i === 0 ? 'left' : 'right', lineBreak: false })
    x += widths[i]!
  })
}

/**
 * The report as a PDF (A4 landscape): the per-region figures, then activities by type for the types that
 * occurred. English uses the standard Helvetica; Chinese embeds a subset of the bundled Noto Serif SC.
 */
export function reportPdf(report: MonthlyReport, meta: { locale: Locale; program: string; generatedOn: string }): Promise<Buffer> {
  const l = meta.locale
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 40, info: { Title: t(l, 'community.report.title', { program: meta.program, month: report.month }), Creator: 'Embassy' } })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.font(l === 'zh-CN' ? cjkFont : 'Helvetica')
  doc.fontSize(16).text(t(l, 'community.report.title', { program: meta.program, month: report.month }))
  doc.fontSize(9).fillColor('#444444').text(t(l, 'community.report.generated', { day: meta.generatedOn })).fillColor('#000000')
  doc.moveDown()

  const summary = [190, 130, 110, 130, 130]
  let y = doc.y
  doc.fontSize(10)
  row(doc, y, summary, [t(l, 'community.report.region'), t(l, 'community.report.activeAmbassadors'), t(l, 'community.report.activities'), t(l, 'community.report.groupEvents'), t(l, 'community.report.feedbackItems')], true)
  for (const r of [...report.lines, { ...report.totals, region: '*' }]) {
    y += 18
    row(doc, y, summary, [regionLabel(l, r.region), r.activeAmbassadors, r.activitiesTotal, r.groupEvents, r.feedbackItems], r.region === '*')
  }

  const types = activityTypes.filter((type) => report.totals.activities[type] > 0)
  if (types.length) {
    y += 36
    doc.fontSize(12).text(t(l, 'community.report.byType'), doc.page.margins.left, y)
    y += 20
    const typeWidth = Math.min(80, (doc.page.width - 80 - 130) / types.length)
    const widths = [130, ...types.map(() => typeWidth)]
    doc.fontSize(7)
    row(doc, y, widths, [t(l, 'community.report.region'), ...types.map((type) => typeLabel(l, type))], true)
    for (const r of report.lines.filter((line) => line.activitiesTotal > 0)) {
      y += 16
      row(doc, y, widths, [regionLabel(l, r.region), ...types.map((type) => r.activities[type])])
    }
  }
  doc.end()
  return done
}
