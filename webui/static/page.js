// Leaving a page whose edits are an unsaved draft asks first (the editor sets wtUnsavedDraft).
window.addEventListener("beforeunload", (event) => {
  if (window.wtUnsavedDraft) {
    event.preventDefault();
    event.returnValue = "";
  }
});
