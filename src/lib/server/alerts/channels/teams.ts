import type { NotifiedAlert, Notification } from '../types.ts';
import { jsonRequest, type ChannelKind } from './channel.ts';
import { alertBadge, groupSeverity, groupText, headline, sinceText, valueText, whereText, type FormatContext } from './describe.ts';
import { urlSecrets, urlTarget } from './redact.ts';
import type { TeamsChannel } from './schema.ts';
import { countFitting, truncate, utf8Bytes } from './truncate.ts';
import { wordsFor } from './words.ts';

export const TEAMS_LIMITS = {
	/** learn.microsoft.com: "message size limit is 28 KB" for bot and webhook messages. */
	messageBytes: 28 * 1024,
	/** What we fill up to: Teams wraps the card in its own envelope before checking the limit. */
	budgetBytes: 24 * 1024,
	summary: 2_000
} as const;

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
// 1.4: what Teams renders on desktop, web and mobile alike (1.5 is not on every mobile client).
const VERSION = '1.4';
const COLOR = { critical: 'Attention', warning: 'Warning', info: 'Accent' } as const;

/**
 * Adaptive Card text renders markdown, whose "[text](url)" would turn a tag value or a summary
 * into a link to anywhere under our name. A zero-width space between "]" and "(" keeps what a
 * person reads and breaks the link. (Cards have no HTML and no mentions without `entities`.)
 */
export function defuseTeamsLinks(s: string): string {
	return s.replace(/\](?=\s*\()/g, ']\u200b');
}

export function formatTeams(n: Notification, channel: TeamsChannel, ctx: FormatContext) {
	const w = wordsFor(n.language);
	const head = [
		{
			type: 'TextBlock',
			text: defuseTeamsLinks(headline(n)),
			size: 'Large',
			weight: 'Bolder',
			wrap: true,
			color: n.status === 'resolved' ? 'Good' : COLOR[groupSeverity(n)]
		},
		{ type: 'TextBlock', text: defuseTeamsLinks(`${w.group}: ${groupText(n) || n.groupKey}`), isSubtle: true, wrap: true, spacing: 'None' }
	];
	const items = n.alerts.map((a) => alertContainer(a, n, ctx));
	const actions = [{ type: 'Action.OpenUrl', title: w.openDashboard, url: n.groupUrl }];
	const moreBlock = (k: number) => ({ type: 'TextBlock', text: w.more(k), wrap: true, isSubtle: true, separator: true });
	const overhead = utf8Bytes(JSON.stringify(envelope([...head, moreBlock(n.alerts.length)], actions)));
	const fit = countFitting(items, overhead, TEAMS_LIMITS.budgetBytes);
	const body = fit < items.length ? [...head, ...items.slice(0, fit), moreBlock(items.length - fit)] : [...head, ...items];
	return jsonRequest(channel.url, envelope(body, actions));
}

/** The Workflows webhook takes a Bot Framework message with the card as its one attachment. */
function envelope(body: unknown[], actions: unknown[]) {
	return {
		type: 'message',
		attachments: [
			{
				contentType: 'application/vnd.microsoft.card.adaptive',
				contentUrl: null,
				content: { $schema: SCHEMA, type: 'AdaptiveCard', version: VERSION, msteams: { width: 'Full' }, body, actions }
			}
		]
	};
}

function alertContainer(a: NotifiedAlert, n: Notification, ctx: FormatContext) {
	const w = wordsFor(n.language);
	const facts = [
		{ title: w.component, value: defuseTeamsLinks(whereText(a)) },
		{ title: w.value, value: valueText(a, n.language) },
		{ title: w.since, value: sinceText(a, n, ctx) }
	];
	if (a.acknowledged) facts.push({ title: '✔', value: w.acknowledged });
	return {
		type: 'Container',
		separator: true,
		spacing: 'Medium',
		selectAction: { type: 'Action.OpenUrl', title: w.open, url: a.url },
		items: [
			{ type: 'TextBlock', text: `${alertBadge(a, w)} — ${defuseTeamsLinks(truncate(a.summary, TEAMS_LIMITS.summary))}`, wrap: true, weight: 'Bolder' },
			{ type: 'FactSet', facts },
			{ type: 'TextBlock', text: `[${w.openDashboard}](${a.url})`, wrap: true, spacing: 'Small' }
		]
	};
}

export const teams: ChannelKind<TeamsChannel> = {
	format: formatTeams,
	secrets: (c) => urlSecrets(c.url),
	target: (c) => urlTarget(c.url)
};
