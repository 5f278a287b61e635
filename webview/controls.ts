// The only module that knows about @vscode/webview-ui-toolkit (deprecated upstream): swap it out here alone.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

export function registerControls(): void {
  provideVSCodeDesignSystem().register(
    vsCodeButton(),
    vsCodeCheckbox(),
    vsCodeDropdown(),
    vsCodeOption(),
    vsCodeTextField(),
  );
}

export interface ValueControl {
  /** The labelled wrapper to put into the page. */
  readonly container: HTMLElement;
  /** The focusable control itself. */
  readonly element: HTMLElement;
  value: string;
  disabled: boolean;
  onChange(listener: () => void): void;
}

export interface DropdownControl extends ValueControl {
  setOptions(options: readonly { value: string; label: string }[], selected: string): void;
}

export interface CheckControl {
  readonly container: HTMLElement;
  readonly element: HTMLElement;
  checked: boolean;
  disabled: boolean;
  onChange(listener: () => void): void;
}

type ToolkitValueElement = HTMLElement & { value: string; disabled: boolean };

function labelled(id: string, label: string, element: HTMLElement): HTMLElement {
  const container = document.createElement('div');
  container.className = 'control';
  const labelElement = document.createElement('label');
  labelElement.htmlFor = id;
  labelElement.textContent = label;
  element.id = id;
  element.setAttribute('aria-label', label);
  container.append(labelElement, element);
  return container;
}

function valueControl(container: HTMLElement, element: ToolkitValueElement): ValueControl {
  return {
    container,
    element,
    get value() {
      return element.value;
    },
    set value(v: string) {
      element.value = v;
    },
    get disabled() {
      return element.disabled;
    },
    set disabled(v: boolean) {
      element.disabled = v;
    },
    onChange(listener) {
      element.addEventListener('change', listener);
    },
  };
}

/** A one-line text field; numbers are typed as text and checked by the caller. */
export function textField(id: string, label: string, value: string, hint: string): ValueControl {
  const element = document.createElement('vscode-text-field') as ToolkitValueElement;
  element.setAttribute('value', value);
  element.setAttribute('size', '8');
  element.setAttribute('inputmode', 'numeric');
  element.title = hint;
  return valueControl(labelled(id, label, element), element);
}

export function dropdown(
  id: string,
  label: string,
  options: readonly { value: string; label: string }[],
  selected: string,
): DropdownControl {
  const element = document.createElement('vscode-dropdown') as ToolkitValueElement;
  const control = valueControl(labelled(id, label, element), element);
  const setOptions = (list: readonly { value: string; label: string }[], value: string) => {
    element.replaceChildren(
      ...list.map((o) => {
        const option = document.createElement('vscode-option') as ToolkitValueElement;
        option.setAttribute('value', o.value);
        option.textContent = o.label;
        if (o.value === value) option.setAttribute('selected', '');
        return option;
      }),
    );
    element.value = value;
  };
  setOptions(options, selected);
  return Object.assign(control, { setOptions });
}

export function button(
  label: string,
  onClick: () => void,
  appearance: 'primary' | 'secondary' = 'secondary',
  title = label,
): HTMLElement {
  const element = document.createElement('vscode-button');
  element.setAttribute('appearance', appearance);
  element.textContent = label;
  element.title = title;
  element.addEventListener('click', onClick);
  return element;
}

/** A checkbox with its label beside it; `hint` is its tooltip (also why it is disabled, when it is). */
export function checkbox(id: string, label: string, hint: string): CheckControl {
  const element = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean; disabled: boolean };
  element.id = id;
  element.textContent = label;
  element.title = hint;
  const container = document.createElement('div');
  container.className = 'control control-checkbox';
  container.append(element);
  return {
    container,
    element,
    get checked() {
      return element.checked;
    },
    set checked(v: boolean) {
      element.checked = v;
    },
    get disabled() {
      return element.disabled;
    },
    set disabled(v: boolean) {
      element.disabled = v;
    },
    onChange(listener) {
      element.addEventListener('change', listener);
    },
  };
}
