import type { Notification } from '../types.ts';
import { alertmanager } from './alertmanager.ts';
import type { ChannelKind, OutgoingRequest } from './channel.ts';
import type { FormatContext } from './describe.ts';
import { discord } from './discord.ts';
import { googleChat } from './google-chat.ts';
import { redact } from './redact.ts';
import type { Channel, ChannelType } from './schema.ts';
import { slack } from './slack.ts';
import { teams } from './teams.ts';
import { telegram } from './telegram.ts';
import { webhook } from './webhook.ts';

/**
 * Chat channels: the config schema, and one formatter per service. The only place that knows
 * what a Slack or Teams message looks like; delivery sends what comes out of here.
 */

type KindOf<T extends ChannelType> = ChannelKind<Extract<Channel, { type: T }>>;

/** Adding a service: a schema entry, a module, and one line here. */
const KINDS: { [T in ChannelType]: KindOf<T> } = {
	slack,
	teams,
	discord,
	'google-chat': googleChat,
	telegram,
	webhook,
	alertmanager
};

function kindOf(channel: Channel): ChannelKind<Channel> {
	return KINDS[channel.type] as ChannelKind<Channel>;
}

/** The HTTP request that delivers `n` to `channel`. `now` signs webhooks; `timeZone` is for times shown. */
export function formatFor(channel: Channel, n: Notification, ctx: Partial<FormatContext> = {}): OutgoingRequest {
	return kindOf(channel).format(n, channel, {
		now: ctx.now ?? Date.now(),
		timeZone: channel.time_zone ?? ctx.timeZone ?? 'UTC'
	});
}

/** Where `channel` sends, safe for logs and the UI. */
export function channelTarget(channel: Channel): string {
	return kindOf(channel).target(channel);
}

/** `text` with the channel's webhook URL, token and secret scrubbed. */
export function redactFor(channel: Channel, text: string): string {
	return redact(text, kindOf(channel).secrets(channel));
}

export {
	ChannelSchema,
	ChannelsSchema,
	channelDurationMs,
	type Channel,
	type ChannelType,
	type SlackChannel,
	type TeamsChannel,
	type DiscordChannel,
	type GoogleChatChannel,
	type TelegramChannel,
	type WebhookChannel,
	type AlertmanagerChannel
} from './schema.ts';
export type { OutgoingRequest } from './channel.ts';
export type { FormatContext } from './describe.ts';
export { describeNotification, headline } from './describe.ts';
export { sampleNotification } from './sample.ts';
export { signWebhook, verifyWebhookSignature, WEBHOOK_VERSION } from './webhook.ts';
export { fingerprint, ZERO_TIME } from './alertmanager.ts';
export { SLACK_LIMITS } from './slack.ts';
export { TEAMS_LIMITS } from './teams.ts';
export { DISCORD_LIMITS } from './discord.ts';
export { GOOGLE_CHAT_LIMITS } from './google-chat.ts';
export { TELEGRAM_LIMITS } from './telegram.ts';
