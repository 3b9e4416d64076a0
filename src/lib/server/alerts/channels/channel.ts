import type { Notification } from '../types.ts';
import type { FormatContext } from './describe.ts';

/** One HTTP POST: what a channel turns a notification into, and all delivery needs to send it. */
export interface OutgoingRequest {
	url: string;
	headers: Record<string, string>;
	body: string;
}

/**
 * The shape of every channel module (Alertmanager's notifier-per-folder): it formats, and says
 * which of its settings are secret, so delivery can send and log without knowing any service.
 */
export interface ChannelKind<C> {
	format(n: Notification, channel: C, ctx: FormatContext): OutgoingRequest;
	/** Strings that must never reach a log, an error message or a dead letter. */
	secrets(channel: C): string[];
	/** Where messages go, safe to show: "https://hooks.slack.com/…". */
	target(channel: C): string;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonRequest(url: string, payload: unknown, headers: Record<string, string> = {}): OutgoingRequest {
	return { url, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(payload) };
}
