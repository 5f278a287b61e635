// Puts notation (src/core/notation.ts source form) into the page as text with real <sub>/<sup> elements.
import { mathSegments } from '../src/core/notation';

export function mathNodes(source: string): Node[] {
  return mathSegments(source).map((segment) => {
    if (segment.script === 'none') return document.createTextNode(segment.text);
    const element = document.createElement(segment.script);
    element.textContent = segment.text;
    return element;
  });
}

/** Replaces the element's content with `source`, its scripts rendered. */
export function setMathText(element: HTMLElement, source: string): void {
  element.replaceChildren(...mathNodes(source));
}
