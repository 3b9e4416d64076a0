export { HistoryService, DEFAULT_MAX_POINTS, MAX_POINTS_LIMIT, type RunInfluxQL, type SeriesRequest } from './history-service.ts';
export { quoteIdent, quoteString, exactRegex, tagEquals, anyOf, fromMeasurement, integerLiteral, timeRange, durationLiteral, InfluxQLError } from './influxql.ts';
export { planQuery, buildInfluxQL, toColumns, ROLLUP_1S_MAX_RANGE_MS, type SeriesQuery, type InfluxSeries } from './series-query.ts';
