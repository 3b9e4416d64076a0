import type { AlertRule } from '../schema.ts';
import { capacityLogic } from './capacity.ts';
import { errorRatioLogic } from './error-ratio.ts';
import { noDataLogic } from './no-data.ts';
import { queueDrainLogic, queueGrowthLogic } from './queue.ts';
import { rateOfChangeLogic } from './rate-of-change.ts';
import { thresholdLogic } from './threshold.ts';
import type { RuleLogic } from './logic.ts';

export { LATE_SECONDS, judge, sumByReading, type Input, type Reader, type Outcome, type RuleLogic, type MeasureLogic, type PresenceLogic } from './logic.ts';

export function logicFor(rule: AlertRule): RuleLogic {
	switch (rule.type) {
		case 'threshold':
			return thresholdLogic(rule);
		case 'no_data':
			return noDataLogic(rule);
		case 'rate_of_change':
			return rateOfChangeLogic(rule);
		case 'error_ratio':
			return errorRatioLogic(rule);
		case 'queue_drain':
			return queueDrainLogic(rule);
		case 'queue_growth':
			return queueGrowthLogic(rule);
		case 'capacity':
			return capacityLogic(rule);
	}
}
