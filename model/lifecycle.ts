// The lifecycle actions (<on_poweroff>, <on_reboot>, <on_crash>) libvirt refuses. Each was
// observed by defining a q35 domain with libvirt 9.0, 11.3 and 12.8 (2026-12-07): an
// independent generator's files wrote preserve on poweroff, which the QEMU driver refuses.

import type { DomainSpec } from '../types/domain.js';

/** The actions libvirt's parser knows (virDomainLifecycleAction). */
const ACTIONS = new Set(['destroy', 'restart', 'rename-restart', 'preserve', 'coredump-destroy', 'coredump-restart']);

/** The events in the order the parser reads them. */
const PARSE_ORDER = ['reboot', 'poweroff', 'crash'] as const;

/** The parser's refusal of an action it does not know (observed: after an unknown feature, before any device), or undefined. */
export function unknownLifecycleAction(spec: DomainSpec): string | undefined {
  for (const event of PARSE_ORDER) {
    const action = spec.lifecycle?.[event];
    if (action !== undefined && !ACTIONS.has(action)) return `unknown on_${event} action: ${action}`;
  }
  return undefined;
}

/**
 * The QEMU driver's refusal while it validates the domain (observed: after a minimum memory
 * guarantee, UEFI without ACPI and an SMM TSEG size off q35; before a feature off its arch
 * and two iTCO watchdogs), or undefined.
 */
export function lifecycleRefusedByDriver(spec: DomainSpec): string | undefined {
  const poweroff = spec.lifecycle?.poweroff ?? 'destroy';
  const reboot = spec.lifecycle?.reboot ?? 'restart';
  const crash = spec.lifecycle?.crash ?? 'destroy';
  if ([poweroff, reboot, crash].includes('rename-restart')) return "qemu driver doesn't support the 'rename-restart' action for 'on_reboot'/'on_poweroff'/'on_crash'";
  if (poweroff === 'preserve' || reboot === 'preserve') return "qemu driver doesn't support the 'preserve' action for 'on_reboot'/'on_poweroff'";
  if (poweroff === 'restart' && reboot === 'destroy') return "qemu driver doesn't support 'onReboot' set to 'destroy and 'onPoweroff' set to 'reboot'";
  return undefined;
}

/**
 * An action the event does not take (the coredump ones on poweroff or reboot), refused while
 * libvirt validates the whole domain, after every device (observed: after an address used
 * twice and a duplicate drive address), or undefined.
 */
export function lifecycleActionNotAllowed(spec: DomainSpec): string | undefined {
  for (const event of ['poweroff', 'reboot'] as const) {
    const action = spec.lifecycle?.[event];
    if (action === 'coredump-destroy' || action === 'coredump-restart') return `Lifecycle event '${event}' doesn't support '${action}' action`;
  }
  return undefined;
}
