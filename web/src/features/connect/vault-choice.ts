import { useVaults } from '../../api/vaults.ts';

/** Vaults a new account may go to; the choice is shown only when there is more than one. */
export function useVaultChoice(): { options: { value: string; label: string }[]; show: boolean } {
  const vaults = useVaults();
  const usable = (vaults.data ?? []).filter((v) => !v.disabled);
  const sorted = [...usable].sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
  return { options: sorted.map((v) => ({ value: v.id, label: v.isDefault ? `${v.name} (default)` : v.name })), show: usable.length > 1 };
}
