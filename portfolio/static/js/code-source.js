// The code block's source box in the page editor: Tab indents the line (or every selected line) by four spaces,
// Shift+Tab outdents; Esc lets the next Tab leave the box, so that a keyboard is never trapped in it.
(() => {
  const INDENT = "    ";
  const released = new WeakSet();

  function selectedLines(box) {
    const start = box.value.lastIndexOf("\n", box.selectionStart - 1) + 1;
    const endOfLine = box.value.indexOf("\n", Math.max(box.selectionEnd - 1, box.selectionStart));
    const end = box.selectionEnd > box.selectionStart && box.value[box.selectionEnd - 1] === "\n"
      ? box.selectionEnd - 1
      : endOfLine === -1 ? box.value.length : endOfLine;
    return { start, end };
  }

  function replace(box, start, end, text, selectionStart, selectionEnd) {
    box.setRangeText(text, start, end);
    box.setSelectionRange(selectionStart, selectionEnd);
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function indent(box, outdent) {
    const { selectionStart, selectionEnd } = box;
    if (!outdent && selectionStart === selectionEnd) {
      replace(box, selectionStart, selectionEnd, INDENT, selectionStart + INDENT.length, selectionStart + INDENT.length);
      return;
    }
    const { start, end } = selectedLines(box);
    const lines = box.value.slice(start, end).split("\n");
    const changed = lines.map((line) => (outdent ? line.replace(/^ {1,4}|^\t/, "") : INDENT + line));
    const firstShift = changed[0].length - lines[0].length;
    const text = changed.join("\n");
    const newStart = Math.max(start, selectionStart + firstShift);
    const newEnd = selectionStart === selectionEnd ? newStart : selectionEnd + (text.length - (end - start));
    replace(box, start, end, text, newStart, newEnd);
  }

  document.addEventListener("keydown", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLTextAreaElement) || !box.hasAttribute("data-code-source")) return;
    if (event.key === "Escape") {
      released.add(box);
      return;
    }
    if (event.key !== "Tab" || event.ctrlKey || event.altKey || event.metaKey) return;
    if (released.has(box)) {
      released.delete(box);
      return;
    }
    event.preventDefault();
    indent(box, event.shiftKey);
  });

  document.addEventListener("focusout", (event) => released.delete(event.target));
})();
