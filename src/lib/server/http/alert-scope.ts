import { alertInScope, silenceInScope, type ViewScope } from '../auth/index.ts';
import type { AlertService } from '../alerts/alert-service.ts';

/**
 * What GET /api/v1/alerts and the alerts page show a caller: alerts (filtered by `keep`), silences,
 * channels (targets already redacted to an origin: a webhook URL is a credential) and dead letters.
 * A scoped caller sees its components' alerts and silences, and no dead letters (their summaries
 * name other orgs' components).
 */
export function alertsView(alerts: AlertService, scope: ViewScope | null, keep: (labels: Record<string, string>) => boolean) {
	return {
		alerts: alerts.list().filter((a) => keep(a.labels) && alertInScope(a, scope)),
		silences: alerts.silences().filter((s) => silenceInScope(s.matchers, scope)),
		channels: alerts.channelList(),
		deadLetters: scope ? [] : alerts.deadLetters()
	};
}
