/** An event drawn as a vertical line on every chart: a booking window opening or closing, an alert firing. */
export interface Marker {
	/** Epoch ms. */
	time: number;
	label: string;
	kind: 'window-open' | 'window-close' | 'alert' | 'event';
}

/** A stretch of time shaded on every chart, e.g. a booking window while it is open. */
export interface Band {
	from: number;
	to: number;
	label: string;
}
