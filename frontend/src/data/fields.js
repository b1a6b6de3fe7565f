// fields.js: what an edit form really changed. Only that is written, so the outbox sends exactly
// this edit and the server's field-by-field merge keeps other devices' changes.
//
//   changedFields(before, after) -> {name: newValue} for each field whose value differs
//     ('' , [], null and a missing field all count as the same empty answer)

// An empty answer ('', [], null, missing) equals any other empty answer.
function comparable(value) {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value) && value.length === 0) return null;
  return JSON.stringify(value);
}

export function changedFields(before, after) {
  const changed = {};
  for (const [name, value] of Object.entries(after)) {
    if (comparable(before[name]) !== comparable(value)) changed[name] = value;
  }
  return changed;
}
