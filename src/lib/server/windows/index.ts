export { WindowSchema, WindowsSchema, type WindowConfig } from './schema.ts';
export { WindowSchedule } from './schedule.ts';
export { WindowService } from './window-service.ts';
export { computeReport, timeline, peak, DRAINED_SHARE, type WindowData, type SecondValues, type Verdict } from './report.ts';
export { loadWindow } from './report-source.ts';
export { reportCsv } from './report-csv.ts';
