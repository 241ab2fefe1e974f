import { createTheme, InputWrapper, PasswordInput } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  components: {
    // Keep `required` on inputs but no " *" in label text, so each label reads exactly as
    // written ("Password", not "Password *") for screen readers and getByLabel alike.
    InputWrapper: InputWrapper.extend({ defaultProps: { withAsterisk: false } }),
    // The default toggle name, "Toggle password visibility", would also answer to getByLabel('Password').
    PasswordInput: PasswordInput.extend({
      defaultProps: { visibilityToggleButtonProps: { 'aria-label': 'Show or hide the characters' } },
    }),
  },
});

/** For inputs that hold keys, codes and rules: monospace in the box only, not in the label. */
export const monoInputStyles = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };
