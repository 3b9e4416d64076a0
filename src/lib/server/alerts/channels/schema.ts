import { z } from 'zod';

/**
 * The config's `channels:` list: where alert notifications go. One entry per chat room or
 * receiver; the notifier's routes name channels by `id`. Secrets (webhook URLs, bot tokens, signing
 * secrets) live here and only here: delivery redacts them from everything it logs or stores.
 */

const id = z
	.string()
	.regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_" (e.g. "ops-slack")');

const duration = z
	.string()
	.regex(/^\d+(ms|s|m|h)$/, 'a duration such as "500ms", "5s", "1m"');

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });

const common = {
	id,
	language: z.enum(['en', 'ko']).default('en'),
	/** Messages per minute to this channel; messages beyond it wait their turn, never dropped. */
	rate_limit: z.number().positive().max(6_000).default(30),
	/** Tries per message (first send included) before it becomes a dead letter. */
	max_attempts: z.number().int().min(1).max(50).default(6),
	/** Per request, connection to last byte. */
	timeout: duration.default('5s'),
	/** IANA zone for times in messages; default the config's `time_zone`. */
	time_zone: z
		.string()
		.refine(isTimeZone, 'an IANA time zone such as "Asia/Seoul" or "UTC"')
		.optional()
};

export const SlackChannelSchema = z.strictObject({
	...common,
	type: z.literal('slack'),
	/** Incoming webhook, https://hooks.slack.com/services/T…/B…/… */
	url: httpUrl
});

export const TeamsChannelSchema = z.strictObject({
	...common,
	type: z.literal('teams'),
	/** Power Automate "Workflows" webhook (the successor of Office 365 connectors). */
	url: httpUrl
});

export const DiscordChannelSchema = z.strictObject({
	...common,
	type: z.literal('discord'),
	url: httpUrl
});

export const GoogleChatChannelSchema = z.strictObject({
	...common,
	type: z.literal('google-chat'),
	url: httpUrl
});

export const TelegramChannelSchema = z.strictObject({
	...common,
	type: z.literal('telegram'),
	// Telegram allows 20 messages per minute to one group.
	rate_limit: common.rate_limit.unwrap().default(20),
	bot_token: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'a bot token "<digits>:<letters>" from @BotFather'),
	/** Numeric chat id, or "@channelusername". */
	chat_id: z.union([z.number().int(), z.string().regex(/^(-?\d+|@[A-Za-z0-9_]{5,})$/, 'a numeric id or "@channelname"')]),
	api_url: httpUrl.default('https://api.telegram.org')
});

export const WebhookChannelSchema = z.strictObject({
	...common,
	type: z.literal('webhook'),
	url: httpUrl,
	/** HMAC-SHA256 key for X-Monitor-Signature; e.g. `openssl rand -hex 32`. */
	secret: z.string().min(16, 'at least 16 characters (e.g. `openssl rand -hex 32`)').optional()
});

export const AlertmanagerChannelSchema = z.strictObject({
	...common,
	type: z.literal('alertmanager'),
	url: httpUrl,
	/** Alertmanager's webhook_config `max_alerts`: 0 sends all, else the rest is counted in truncatedAlerts. */
	max_alerts: z.number().int().min(0).default(0)
});

export const ChannelSchema = z.discriminatedUnion('type', [
	SlackChannelSchema,
	TeamsChannelSchema,
	DiscordChannelSchema,
	GoogleChatChannelSchema,
	TelegramChannelSchema,
	WebhookChannelSchema,
	AlertmanagerChannelSchema
]);

/** The whole list, with ids unique. */
export const ChannelsSchema = z.array(ChannelSchema).superRefine((list, ctx) => {
	const seen = new Set<string>();
	list.forEach((c, i) => {
		if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate channel id "${c.id}"` });
		seen.add(c.id);
	});
});

export type Channel = z.infer<typeof ChannelSchema>;
export type ChannelType = Channel['type'];
export type SlackChannel = z.infer<typeof SlackChannelSchema>;
export type TeamsChannel = z.infer<typeof TeamsChannelSchema>;
export type DiscordChannel = z.infer<typeof DiscordChannelSchema>;
export type GoogleChatChannel = z.infer<typeof GoogleChatChannelSchema>;
export type TelegramChannel = z.infer<typeof TelegramChannelSchema>;
export type WebhookChannel = z.infer<typeof WebhookChannelSchema>;
export type AlertmanagerChannel = z.infer<typeof AlertmanagerChannelSchema>;

/** Parses "500ms", "5s", "1m", "1h" (the forms `timeout` accepts) into milliseconds. */
export function channelDurationMs(text: string): number {
	const m = /^(\d+)(ms|s|m|h)$/.exec(text);
	if (!m) throw new Error(`not a duration: "${text}"`);
	return Number(m[1]) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[m[2] as 'ms'];
}

function isTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}
