import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Slider,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { hasCode } from '../../api/api-error.ts';
import { useGeneratePasswords } from '../../api/passwords.ts';
import { problemMessage } from '../../api/problem-messages.ts';
import { CopyValueButton } from '../../components/copy-value-button.tsx';
import {
  buildPasswordRules,
  CHARACTER_CLASSES,
  clampLength,
  DEFAULT_GENERATED_LENGTH,
  MAX_GENERATED_LENGTH,
  MIN_GENERATED_LENGTH,
  type CharacterClass,
} from '../../lib/password-rules.ts';
import { monoInputStyles } from '../../lib/theme.ts';

type Mode = 'options' | 'rules';

export interface PasswordGeneratorProps {
  /** The account's own rules, if it has any: the generator starts from them. */
  initialRules?: string | null;
  /** Shown as a "Use this password" button, e.g. inside the account form. */
  onUse?: (password: string, rules: string | null) => void;
}

const RULES_EXAMPLE = 'minlength: 12; maxlength: 24; required: lower; required: upper; required: digit; allowed: [-_.!];';

/**
 * Length and character-class options, translated into Apple's password-rules language, or the rules
 * typed directly. The server generates (CSPRNG, no modulo bias) and says why impossible rules fail.
 */
export function PasswordGenerator({ initialRules, onUse }: PasswordGeneratorProps): ReactElement {
  const generate = useGeneratePasswords();
  const [mode, setMode] = useState<Mode>(initialRules ? 'rules' : 'options');
  const [length, setLength] = useState(DEFAULT_GENERATED_LENGTH);
  const [classes, setClasses] = useState<CharacterClass[]>(['upper', 'lower', 'digit', 'symbol']);
  const [rulesText, setRulesText] = useState(initialRules ?? '');
  const [password, setPassword] = useState<string | null>(null);

  const optionRules = buildPasswordRules({ length, classes });
  const [debouncedOptionRules] = useDebouncedValue(optionRules, 200);
  const noClasses = classes.length === 0;
  const activeRules = mode === 'options' ? optionRules : rulesText.trim();

  // `mutate` is stable across renders, unlike the mutation result object.
  const { mutate } = generate;
  const run = useCallback(
    (rules: string) => {
      setPassword(null);
      mutate(rules ? { rules, count: 1 } : { count: 1 }, {
        onSuccess: (result) => setPassword(result.passwords[0] ?? null),
      });
    },
    [mutate],
  );

  // Options: a fresh password whenever they change (debounced). Rules: only on "Generate", so
  // half-typed rules don't flash errors; the account's own rules generate once on open.
  const hasClasses = classes.length > 0;
  const startRules = initialRules ?? '';
  useEffect(() => {
    if (mode === 'options' && hasClasses) run(debouncedOptionRules);
  }, [mode, hasClasses, debouncedOptionRules, run]);
  useEffect(() => {
    if (startRules) run(startRules);
  }, [startRules, run]);

  const rulesError = hasCode(generate.error, 'invalid_password_rules', 'validation_failed') ? generate.error.detail : null;

  return (
    <Stack gap="sm">
      <SegmentedControl
        value={mode}
        onChange={(value) => setMode(value as Mode)}
        data={[
          { value: 'options', label: 'Choose options' },
          { value: 'rules', label: 'Write rules' },
        ]}
        aria-label="How to describe the password"
      />
      {mode === 'options' ? (
        <Stack gap="sm">
          <Group align="flex-end" gap="md" wrap="nowrap">
            <NumberInput
              label="Length"
              min={MIN_GENERATED_LENGTH}
              max={MAX_GENERATED_LENGTH}
              value={length}
              onChange={(value) => setLength(clampLength(typeof value === 'number' ? value : Number(value)))}
              clampBehavior="blur"
              w={110}
            />
            <Slider
              style={{ flex: 1 }}
              mb={10}
              min={MIN_GENERATED_LENGTH}
              max={64}
              value={Math.min(length, 64)}
              onChange={setLength}
              thumbLabel="Drag to set how many characters"
              label={(value) => `${value} characters`}
            />
          </Group>
          <Checkbox.Group
            label="Characters"
            description="Each kind you tick appears at least once; kinds you untick never appear."
            value={classes}
            onChange={(value) => setClasses(value as CharacterClass[])}
            error={noClasses ? 'Choose at least one kind of character.' : undefined}
          >
            <Stack gap={6} mt="xs">
              {CHARACTER_CLASSES.map((item) => (
                <Checkbox key={item.value} value={item.value} label={item.label} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Text size="xs" c="dimmed">
            As password rules: <Code>{optionRules}</Code>
          </Text>
        </Stack>
      ) : (
        <Stack gap="xs">
          <Textarea
            label="Rules"
            description={
              <>
                Apple’s password-rules language: minlength, maxlength, max-consecutive, required and allowed, with the classes
                upper, lower, digit, special, ascii-printable, unicode or your own characters in brackets. Example:{' '}
                <Code>{RULES_EXAMPLE}</Code> Leave it empty for Latchkey’s default.
              </>
            }
            value={rulesText}
            onChange={(event) => setRulesText(event.currentTarget.value)}
            autosize
            minRows={2}
            maxRows={6}
            maxLength={1000}
            spellCheck={false}
            styles={monoInputStyles}
            error={rulesError ?? undefined}
          />
          <Group>
            <Button variant="default" onClick={() => run(rulesText.trim())} loading={generate.isPending}>
              Generate
            </Button>
          </Group>
        </Stack>
      )}

      {generate.isError && !rulesError && (
        <Alert color="red" variant="light" role="alert" title="Couldn’t generate a password">
          {problemMessage(generate.error)}
        </Alert>
      )}
      {rulesError && mode === 'options' && (
        <Alert color="red" variant="light" role="alert" title="These options can’t make a password">
          {rulesError}
        </Alert>
      )}

      <Paper withBorder p="sm" radius="md" bg="var(--mantine-color-gray-0)">
        <Stack gap="xs">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            Generated password
          </Text>
          <Code
            fz="md"
            data-testid="generated-password"
            aria-live="polite"
            style={{ overflowWrap: 'anywhere', minHeight: 28, display: 'block', background: 'transparent' }}
          >
            {password ?? (generate.isPending ? 'Generating…' : '—')}
          </Code>
          <Group gap="xs">
            {password && <CopyValueButton value={password} label="Copy generated password" text="Copy" />}
            {mode === 'options' && (
              <Button size="xs" variant="default" onClick={() => run(activeRules)} loading={generate.isPending} disabled={noClasses}>
                Regenerate
              </Button>
            )}
            {onUse && password && (
              <Button size="xs" onClick={() => onUse(password, mode === 'rules' && activeRules ? activeRules : null)}>
                Use this password
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
