// The extension's settings, read from VS Code through SettingsReader (typed, validated, one default each).
// An invalid value falls back to the default and shows one warning naming the setting.
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from './ids';
import { SETTING_RULES, settingId, SettingsReader, type SettingKey } from './settingsReader';

export { settingId, type SettingKey } from './settingsReader';

export const settings = new SettingsReader(
  (key) => vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>(key),
  (message) => void vscode.window.showWarningMessage(`RNN Gradient Inspector: ${message}`),
);

/** Calls `listener` when one of `keys` changes (in any scope). */
export function onDidChangeSettings(keys: readonly SettingKey[], listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (keys.some((key) => e.affectsConfiguration(settingId(key)))) listener();
  });
}

/** Checks every setting now and whenever one changes, so an invalid value is reported when it is written. */
export function validateSettings(): vscode.Disposable {
  const keys = Object.keys(SETTING_RULES) as SettingKey[];
  keys.forEach((key) => settings.get(key));
  return vscode.workspace.onDidChangeConfiguration((e) => {
    for (const key of keys) if (e.affectsConfiguration(settingId(key))) settings.get(key);
  });
}
