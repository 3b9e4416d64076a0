import { z } from 'zod';

/**
 * Booking windows: when the doors open and for whom. A window is one opening, or a series of
 * them (`repeat`), like the 2021 schedule that opened to one birth-date cohort each evening.
 * Local times are read in the window's time zone (default: the config's), so "20:00" means
 * 20:00 in Seoul whatever the server's clock zone.
 */
const localDateTime = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'a local date and time such as "2021-08-09T20:00"');

const duration = z.string().regex(/^\d+(s|m|h|d|w)$/, 'a duration such as "10m", "22h", "1d"');

export const WindowSchema = z
	.strictObject({
		id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_"'),
		name: z.string().min(1),
		/** Who may book in this window, e.g. "birth date ending in 9". */
		cohort: z.string().optional(),
		start: localDateTime,
		/** Either an end (local time) or a duration. */
		end: localDateTime.optional(),
		duration: duration.optional(),
		time_zone: z.string().optional(),
		repeat: z
			.strictObject({
				every: duration,
				/** Number of openings; absent = forever (a drill every 20 minutes). */
				count: z.number().int().positive().optional(),
				/** Cohort of each opening in turn (cycled when shorter than count). */
				cohorts: z.array(z.string().min(1)).optional()
			})
			.optional()
	})
	.refine((w) => (w.end === undefined) !== (w.duration === undefined), { message: 'give either end or duration', path: ['end'] });

export const WindowsSchema = z.array(WindowSchema).default([]);

export type WindowConfig = z.infer<typeof WindowSchema>;
