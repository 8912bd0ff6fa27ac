// Unsaved model text is not lost by leaving the page. A reload or closing the tab gets the browser's
// own question (beforeunload: a page cannot word it); a link inside the shop is held back by the
// router itself (useBlocker) and asks in a modal dialog, which starts on "Stay" so that Enter or
// Escape pressed out of habit never discards the text.
import { useCallback, useEffect, useId, useRef } from 'react';
import { useBlocker, type BlockerFunction } from 'react-router';

interface Props {
  /** The text differs from the version it was opened from. */
  dirty: boolean;
}

export function UnsavedChangesGuard({ dirty }: Props) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const stay = useRef<HTMLButtonElement>(null);
  /** Where the focus was when the question came up (the link followed): it goes back there on "Stay". */
  const before = useRef<HTMLElement | null>(null);

  // Only a move to another page is held: a change of the query or the hash keeps the editor as it is.
  const leaving = useCallback<BlockerFunction>(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname, [dirty]);
  const blocker = useBlocker(leaving);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  useEffect(() => {
    const box = dialog.current;
    if (!box) return;
    if (blocker.state === 'blocked' && !box.open) {
      before.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      box.showModal();
      stay.current?.focus();
    } else if (blocker.state !== 'blocked' && box.open) {
      box.close();
      if (blocker.state === 'unblocked') before.current?.focus();
    }
  }, [blocker.state]);

  const keepEditing = () => blocker.reset?.();
  return (
    <dialog
      ref={dialog}
      className="confirm leave-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      // Escape: the browser would close the dialog by itself; the router must be told to stay too.
      onCancel={(event) => {
        event.preventDefault();
        keepEditing();
      }}
    >
      <h2 id={`${id}-title`}>Leave without saving?</h2>
      <p id={`${id}-text`}>
        The model has changes that are not saved. Leaving this page discards them; "Save as a new draft" keeps them as a version.
      </p>
      <div className="actions">
        <button ref={stay} type="button" className="primary" onClick={keepEditing}>
          Stay and keep editing
        </button>
        <button type="button" className="secondary" onClick={() => blocker.proceed?.()}>
          Leave and discard the changes
        </button>
      </div>
    </dialog>
  );
}
