// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Principal } from '$lib/server/auth';

declare global {
	namespace App {
		// interface Error {}
		interface Locals {
			/** Who is calling (token or anonymous role); null when nobody may be assumed. */
			principal: Principal | null;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
