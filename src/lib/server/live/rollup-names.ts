/**
 * Where the hub stores its rollups: one measurement per resolution, tagged `component` and
 * `measurement` (the source measurement, e.g. traffic), with the source's field names.
 */
export const ROLLUP_1S = 'rollup_1s';
export const ROLLUP_1M = 'rollup_1m';
