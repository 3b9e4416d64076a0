import type { NotifiedAlert, Notification } from '../types.ts';
import { jsonRequest, type ChannelKind } from './channel.ts';
import { alertBadge, groupText, headline, severityOf, sinceText, valueText, whereText, type FormatContext } from './describe.ts';
import { urlSecrets, urlTarget } from './redact.ts';
import type { DiscordChannel } from './schema.ts';
import { truncate, truncateEscaped } from './truncate.ts';
import { wordsFor } from './words.ts';

/** discord.com/developers/docs/resources/message#embed-object-embed-limits, and `content`. */
export const DISCORD_LIMITS = {
	content: 2_000,
	embeds: 10,
	title: 256,
	description: 4_096,
	fields: 25,
	fieldName: 256,
	fieldValue: 1_024,
	footer: 2_048,
	authorName: 256,
	/** Sum of title, description, field names and values, footer and author over all embeds. */
	total: 6_000
} as const;

export const DISCORD_COLOR = { critical: 0xd93025, warning: 0xf29900, info: 0x1a73e8, resolved: 0x1e8e3e } as const;

/** Characters Discord's markdown acts on; a summary is text, not formatting. */
export function escapeDiscord(s: string): string {
	return s.replace(/[\\*_~`|>[\]]/g, '\\$&');
}

interface Embed {
	title: string;
	url: string;
	description?: string;
	color: number;
	timestamp: string;
	fields: { name: string; value: string; inline: boolean }[];
}

export function formatDiscord(n: Notification, channel: DiscordChannel, ctx: FormatContext) {
	const w = wordsFor(n.language);
	const shown = n.alerts.slice(0, DISCORD_LIMITS.embeds);
	const share = Math.floor(DISCORD_LIMITS.total / Math.max(1, shown.length));
	const embeds = shown.map((a) => alertEmbed(a, n, ctx, share));
	// Belt and braces for pathological labels: the sum must hold whatever the shares did.
	while (embeds.length > 1 && embedChars(embeds) > DISCORD_LIMITS.total) embeds.pop();
	const lines = [`**${escapeDiscord(headline(n))}**`, escapeDiscord(`${w.group}: ${groupText(n) || n.groupKey}`)];
	if (embeds.length < n.alerts.length) lines.push(w.more(n.alerts.length - embeds.length));
	const link = `[${w.openDashboard}](<${n.groupUrl}>)`;
	const content = `${truncate(lines.join('\n'), DISCORD_LIMITS.content - link.length - 1)}\n${link}`;
	return jsonRequest(channel.url, {
		content: truncate(content, DISCORD_LIMITS.content),
		embeds,
		// Summaries may quote user input: never let one ping @everyone or a role.
		allowed_mentions: { parse: [] }
	});
}

/** One embed per alert; the summary gets what is left of this embed's share of the 6,000. */
function alertEmbed(a: NotifiedAlert, n: Notification, ctx: FormatContext, share: number): Embed {
	const w = wordsFor(n.language);
	const sev = severityOf(a.labels);
	const fields = [
		// Field values render markdown (masked links too): the instance is a sender's tag value.
		{ name: w.component, value: truncateEscaped(whereText(a), 200, escapeDiscord), inline: true },
		{ name: w.value, value: truncate(valueText(a, n.language), 200), inline: true },
		{ name: w.since, value: truncate(sinceText(a, n, ctx), 200), inline: true }
	];
	if (a.acknowledged) fields.push({ name: '✔', value: w.acknowledged, inline: true });
	const title = truncate(`${alertBadge(a, w)} — ${a.labels.alertname ?? whereText(a)}`, DISCORD_LIMITS.title);
	const embed: Embed = {
		title,
		url: a.url,
		color: a.status === 'resolved' ? DISCORD_COLOR.resolved : DISCORD_COLOR[sev],
		timestamp: new Date(a.startsAt).toISOString(),
		fields
	};
	const room = Math.min(DISCORD_LIMITS.description, share - embedChars([embed]));
	if (room > 10) embed.description = truncateEscaped(a.summary, room, escapeDiscord);
	return embed;
}

/** What Discord counts toward the 6,000 (URLs, colours and timestamps are free). */
export function embedChars(embeds: Embed[]): number {
	let n = 0;
	for (const e of embeds) {
		n += e.title.length + (e.description?.length ?? 0);
		for (const f of e.fields) n += f.name.length + f.value.length;
	}
	return n;
}

export const discord: ChannelKind<DiscordChannel> = {
	format: formatDiscord,
	secrets: (c) => urlSecrets(c.url),
	target: (c) => urlTarget(c.url)
};
