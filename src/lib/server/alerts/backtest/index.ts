export { backtest, backtestStored, firingIntervals, type BacktestResult, type FiringInterval } from './backtest.ts';
export { InfluxValueSource, rollupQuery, rawQuery, type RunQuery } from './influx-source.ts';
