/**
 * What a report must say about how the target was reached: certificate verification switched off, or
 * credentials and data sent unencrypted over a network.
 */
import type { TargetConfig } from '../config/types.js';

export interface TransportNotes {
  /** TLS certificate verification was skipped (--insecure). */
  insecure: boolean;
  /** One sentence each, shown on stderr and in every report. */
  warnings: string[];
}

/** 127.0.0.0/8, ::1 and localhost names never leave the machine. */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function plainHttpElsewhere(url: string): URL | undefined {
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && !isLoopback(parsed.hostname) ? parsed : undefined;
}

export function transportNotes(target: TargetConfig): TransportNotes {
  const warnings: string[] = [];
  if (target.tls.insecure) {
    warnings.push('TLS certificate verification is off (--insecure): the identity of the target was not checked');
  }
  const plainTarget = plainHttpElsewhere(target.url);
  if (plainTarget !== undefined) {
    warnings.push(`the target ${plainTarget.host} is reached over plain http: credentials and data cross the network unencrypted; use https`);
  }
  if (target.auth.type === 'oauth') {
    const tokenEndpoint = plainHttpElsewhere(target.auth.tokenUrl);
    if (tokenEndpoint !== undefined) {
      warnings.push(`the OAuth token endpoint ${tokenEndpoint.host} is reached over plain http: the client secret crosses the network unencrypted; use https`);
    }
  }
  return { insecure: target.tls.insecure, warnings };
}
