// The panel's controls: steps T, lags L, inputs, activation override, layer. A valid change re-runs the analysis.
import type { AnalysisResult } from '../src/core/analysis/types';
import { BOUNDS, parseCount } from '../src/core/bounds';
import { fmtCount } from '../src/core/format-number';
import { ACTIVATION_NAMES } from '../src/core/rnn/activations';
import {
  DEFAULT_LYAPUNOV_STEPS,
  DEFAULT_MAX_K,
  DEFAULT_REORTHONORMALIZE_EVERY,
  DEFAULT_WARMUP,
  toleranceProblem,
} from '../src/core/rnn/lyapunov/settings';
import type { LongRunControls, PanelControls, PanelReport } from '../src/protocol';
import {
  button,
  checkbox,
  dropdown,
  textField,
  type CheckControl,
  type DropdownControl,
  type ValueControl,
} from './controls';
import { layerOptionLabel, stackAvailable } from './layerWords';

type Layers = AnalysisResult['model']['layers'];

const STACK_HINT = {
  available: "Also analyse the whole stack: every layer's state together, and the path from the top layer to the first",
  unavailable: 'The whole stack is analysed for a unidirectional stack of more than one layer',
};

export interface ControlsActions {
  rerun(controls: PanelControls): void;
  chooseInputsFile(controls: PanelControls): void;
}

export class ControlsBar {
  private readonly steps: ValueControl;
  private readonly lags: ValueControl;
  private readonly inputs: DropdownControl;
  private readonly seed: ValueControl;
  private readonly activation: DropdownControl;
  private readonly layer: DropdownControl;
  private readonly stack: CheckControl;
  private readonly longRun: CheckControl;
  private readonly longRunK: ValueControl;
  private readonly longRunSteps: ValueControl;
  private readonly longRunWarmup: ValueControl;
  private readonly longRunEvery: ValueControl;
  private readonly longRunTolerance: ValueControl;
  private showingLongRun = false;
  private readonly inputsFileLabel: HTMLElement;
  private readonly inputsFileGroup: HTMLElement;
  private readonly message: HTMLElement;
  private controls: PanelControls | undefined;
  private layersKey = '';
  private stackOffered = false;
  private layerCount = 1;
  private showingStack = false;

  constructor(
    container: HTMLElement,
    private readonly actions: ControlsActions,
  ) {
    this.steps = textField('steps', 'Steps T', '', `Length of the forward pass (1–${fmtCount(BOUNDS.steps.max)})`);
    this.lags = textField('lags', 'Lags L', '', 'Lags to plot (1–T)');
    this.inputs = dropdown(
      'inputs',
      'Inputs',
      [
        { value: 'random', label: 'random (seeded)' },
        { value: 'zeros', label: 'zeros' },
        { value: 'file', label: 'inputs file…' },
      ],
      'random',
    );
    this.seed = textField('seed', 'Seed', '', 'Seed of the random inputs');
    this.activation = dropdown(
      'activation',
      'Activation',
      [{ value: 'auto', label: 'as in the file' }, ...ACTIVATION_NAMES.map((a) => ({ value: a, label: a }))],
      'auto',
    );
    this.layer = dropdown('layer', 'Layer', [{ value: '0:forward', label: 'layer 1 of 1' }], '0:forward');
    this.stack = checkbox('stack', 'Whole stack', STACK_HINT.unavailable);
    this.stack.disabled = true;
    this.longRun = checkbox(
      'long-run',
      'Long run (Lyapunov)',
      'Also the Lyapunov spectrum along the driven trajectory: the long-run growth rate of gradients per step',
    );
    this.longRunK = textField(
      'long-run-k',
      'Directions k',
      '',
      `Lyapunov exponents to compute (empty: the state size, up to ${DEFAULT_MAX_K}; at most the state size)`,
    );
    this.longRunSteps = textField(
      'long-run-steps',
      'Long-run steps',
      String(DEFAULT_LYAPUNOV_STEPS),
      `Steps the exponents average over, after the warm-up (1–${fmtCount(BOUNDS.lyapunovSteps.max)}; an inputs file is cycled)`,
    );
    this.longRunWarmup = textField(
      'long-run-warmup',
      'Warm-up steps',
      String(DEFAULT_WARMUP),
      `Steps run first and not counted, for the directions to align (${fmtCount(BOUNDS.warmup.min)}–${fmtCount(BOUNDS.warmup.max)})`,
    );
    this.longRunEvery = textField(
      'long-run-every',
      'QR every t steps',
      String(DEFAULT_REORTHONORMALIZE_EVERY),
      `Re-orthonormalise the directions every t steps (${BOUNDS.reorthonormalizeEvery.min}–${BOUNDS.reorthonormalizeEvery.max}): larger is faster while the directions stay well conditioned`,
    );
    this.longRunTolerance = textField(
      'long-run-tolerance',
      'Stop at standard error',
      '',
      'Stop early once every exponent’s standard error per step is below this (e.g. 0.001; empty: run all the steps)',
    );

    this.inputsFileGroup = document.createElement('div');
    this.inputsFileGroup.className = 'control inputs-file';
    this.inputsFileLabel = document.createElement('span');
    this.inputsFileLabel.id = 'inputs-file-name';
    this.inputsFileGroup.append(
      this.inputsFileLabel,
      button(
        'Choose…',
        () => this.current() && this.actions.chooseInputsFile(this.current() as PanelControls),
        'secondary',
        'Choose an inputs file from the workspace',
      ),
    );
    this.message = document.createElement('p');
    this.message.className = 'controls-message';
    this.message.setAttribute('role', 'status');

    container.append(
      this.steps.container,
      this.lags.container,
      this.inputs.container,
      this.seed.container,
      this.inputsFileGroup,
      this.activation.container,
      this.layer.container,
      this.stack.container,
      this.longRun.container,
      this.longRunK.container,
      this.longRunSteps.container,
      this.longRunWarmup.container,
      this.longRunEvery.container,
      this.longRunTolerance.container,
      button('Re-run', () => this.submit(), 'primary', 'Run the analysis again with these settings'),
      this.message,
    );
    for (const control of [
      this.steps,
      this.lags,
      this.seed,
      this.activation,
      this.layer,
      this.longRunK,
      this.longRunSteps,
      this.longRunWarmup,
      this.longRunEvery,
      this.longRunTolerance,
    ])
      control.onChange(() => this.submit());
    // The toolkit's checkbox fires `change` when `checked` is set from code too: only a person's click re-runs.
    this.stack.onChange(() => {
      if (!this.showingStack) this.submit();
    });
    this.longRun.onChange(() => {
      this.showLongRunFields();
      if (!this.showingLongRun) this.submit();
    });
    this.inputs.onChange(() => {
      this.showInputsKind();
      const controls = this.current();
      if (controls?.inputs === 'file' && !controls.inputsFile) this.actions.chooseInputsFile(controls);
      else this.submit();
    });
  }

  /** A value was refused (its message is shown) and nothing valid was submitted since: a run that ends or starts
   *  meanwhile leaves every field the person changed as it is, and the message with it. */
  private refusedEdit = false;

  /** Shows the controls of the analysis that is shown or running (no change events fire). */
  set(controls: PanelControls, layers?: Layers, inputsDisplayName?: string): void {
    const shown = this.controls;
    this.controls = controls;
    const setUnlessEditing = (control: ValueControl, value: string, before: string | undefined): void =>
      keepOrSet(control, value, before, this.refusedEdit);
    setUnlessEditing(this.steps, String(controls.steps), shown && String(shown.steps));
    setUnlessEditing(this.lags, String(controls.lags), shown && String(shown.lags));
    setUnlessEditing(this.seed, String(controls.seed), shown && String(shown.seed));
    this.inputs.value = controls.inputs;
    this.activation.value = controls.activation;
    if (layers) {
      const key = JSON.stringify(layers);
      if (key !== this.layersKey) {
        this.layersKey = key;
        this.layer.setOptions(
          layers.map((l) => ({ value: `${l.layer}:${l.direction}`, label: layerOptionLabel(l, layers) })),
          `${controls.layer}:${controls.direction}`,
        );
      }
      this.stackOffered = stackAvailable(layers);
      this.layerCount = new Set(layers.map((l) => l.layer)).size;
    }
    this.stack.container.hidden = this.layerCount < 2;
    this.stack.disabled = !this.stackOffered;
    this.stack.element.title = this.stackOffered ? STACK_HINT.available : STACK_HINT.unavailable;
    const checked = this.stackOffered && controls.stack;
    if (this.stack.checked !== checked) {
      this.showingStack = true;
      this.stack.checked = checked;
      this.showingStack = false;
    }
    const longRun = controls.longRun;
    setUnlessEditing(
      this.longRunK,
      longRun?.k === undefined ? '' : String(longRun.k),
      shown?.longRun && (shown.longRun.k === undefined ? '' : String(shown.longRun.k)),
    );
    setUnlessEditing(
      this.longRunSteps,
      String(longRun?.steps ?? DEFAULT_LYAPUNOV_STEPS),
      shown && String(shown.longRun?.steps ?? DEFAULT_LYAPUNOV_STEPS),
    );
    setUnlessEditing(
      this.longRunWarmup,
      String(longRun?.warmup ?? DEFAULT_WARMUP),
      shown && String(shown.longRun?.warmup ?? DEFAULT_WARMUP),
    );
    setUnlessEditing(
      this.longRunEvery,
      String(longRun?.every ?? DEFAULT_REORTHONORMALIZE_EVERY),
      shown && String(shown.longRun?.every ?? DEFAULT_REORTHONORMALIZE_EVERY),
    );
    setUnlessEditing(
      this.longRunTolerance,
      longRun?.tolerance === undefined ? '' : String(longRun.tolerance),
      shown?.longRun && (shown.longRun.tolerance === undefined ? '' : String(shown.longRun.tolerance)),
    );
    const longRunChecked = longRun?.enabled === true;
    if (this.longRun.checked !== longRunChecked) {
      this.showingLongRun = true;
      this.longRun.checked = longRunChecked;
      this.showingLongRun = false;
    }
    this.showLongRunFields();
    this.layer.value = `${controls.layer}:${controls.direction}`;
    this.inputsFileLabel.textContent = controls.inputsFile
      ? (inputsDisplayName ?? controls.inputsFile)
      : 'no inputs file chosen';
    this.message.textContent = '';
    if (this.refusedEdit) this.current(); // the kept value's message again
    this.showInputsKind();
  }

  /** What the report says about the controls. */
  report(): PanelReport['controls'] {
    const options = [...this.layer.element.querySelectorAll('vscode-option')].map((o) => o.textContent ?? '');
    return {
      layerOptions: options,
      stack: this.stack.container.hidden ? 'hidden' : this.stack.disabled ? 'disabled' : 'enabled',
      stackChecked: this.stack.checked,
      longRun: {
        checked: this.longRun.checked,
        k: this.longRunK.value,
        steps: this.longRunSteps.value,
        warmup: this.longRunWarmup.value,
        every: this.longRunEvery.value,
        tolerance: this.longRunTolerance.value,
      },
    };
  }

  /** The long run's fields matter only with it on. */
  private showLongRunFields(): void {
    for (const field of [
      this.longRunK,
      this.longRunSteps,
      this.longRunWarmup,
      this.longRunEvery,
      this.longRunTolerance,
    ])
      field.container.hidden = !this.longRun.checked;
  }

  /** The long run as typed: k or the tolerance empty means the core's default; a bad field's message, else the settings. */
  private currentLongRun(): LongRunControls | string {
    const kText = this.longRunK.value.trim();
    const k = kText === '' ? undefined : parseCount(kText, 'lyapunovK');
    const steps = parseCount(this.longRunSteps.value, 'lyapunovSteps');
    const warmup = parseCount(this.longRunWarmup.value, 'warmup');
    const every = parseCount(this.longRunEvery.value, 'reorthonormalizeEvery');
    const tolerance = parseTolerance(this.longRunTolerance.value);
    const problem = [k, steps, warmup, every, tolerance].find((v) => typeof v === 'string');
    if (typeof problem === 'string') return problem;
    return {
      enabled: this.longRun.checked,
      ...(k !== undefined ? { k: k as number } : {}),
      steps: steps as number,
      warmup: warmup as number,
      every: every as number,
      ...(tolerance !== undefined ? { tolerance: tolerance as number } : {}),
    };
  }

  private showInputsKind(): void {
    const kind = this.inputs.value;
    this.seed.container.hidden = kind !== 'random';
    this.inputsFileGroup.hidden = kind !== 'file';
  }

  /** The controls as typed, or undefined (with a message shown) when one is invalid. */
  current(): PanelControls | undefined {
    if (!this.controls) return undefined;
    const steps = parseCount(this.steps.value, 'steps');
    const lags = parseCount(this.lags.value, 'lags');
    const seed = parseCount(this.seed.value, 'seed');
    const longRun = this.currentLongRun();
    const problem = [steps, lags, seed, longRun].find((v) => typeof v === 'string');
    if (typeof problem === 'string') {
      this.message.textContent = problem;
      this.refusedEdit = true;
      return undefined;
    }
    this.message.textContent = '';
    const [layer, direction] = this.layer.value.split(':');
    const inputs = this.inputs.value as PanelControls['inputs'];
    return {
      steps: steps as number,
      // Fewer steps than lags: plot every lag there is.
      lags: Math.min(lags as number, steps as number),
      seed: seed as number,
      inputs,
      inputsFile: this.controls.inputsFile,
      activation: this.activation.value as PanelControls['activation'],
      layer: Number(layer) || 0,
      direction: direction === 'reverse' ? 'reverse' : 'forward',
      stack: this.stackOffered && this.stack.checked,
      longRun: longRun as LongRunControls,
    };
  }

  private submit(): void {
    const controls = this.current();
    if (!controls) return;
    this.refusedEdit = false;
    if (controls.inputs === 'file' && !controls.inputsFile) return;
    this.actions.rerun(controls);
  }
}

/**
 * A run the host started (the file changed on disk, say) or one that ends must not overwrite what the user is
 * typing: a field whose text differs from what was last shown (`shown`) keeps it while it has the focus, and,
 * after a refused value (`keepChanged`), until something valid is submitted.
 */
function keepOrSet(control: ValueControl, value: string, shown: string | undefined, keepChanged: boolean): void {
  const editing = (keepChanged || control.element.matches(':focus-within')) && control.value !== shown;
  if (!editing) control.value = value;
}

/** The early-stop tolerance as typed: undefined when empty, else a number or the core's words for a bad one. */
function parseTolerance(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : NaN;
  const problem = toleranceProblem(value);
  return problem ? `${problem}, got ${JSON.stringify(text)}` : value;
}
