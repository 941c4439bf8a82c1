;;; emacs.el --- Drive Emacs with eglot, set up as README.md says, against citynet's server.
;;
;; Run by tests/test_lsp_editors.py:
;;   emacs --batch -l <README's set-up> -l tests/editors/emacs.el
;; with CITYNET_REGISTRY set to a registry holding the test suite's BASE records.  Checks that
;; `taipie' is underlined as a dangling reference, that completion offers `taipei' with its
;; name, and that a rename, which eglot 1.9 cannot apply (it moves files), is refused with the
;; `citynet rename' command to run.  Prints "ok: ..." lines; exits 0 when every check passed.
;;
;; Batch Emacs has no command loop, so what it would run between keystrokes is run here by
;; hand: `post-command-hook' (where `eglot-ensure' connects) and flymake's check.

(require 'cl-lib)
(package-activate-all)  ; as an interactive Emacs does at start-up: yaml-mode for *.yaml
(require 'eglot)
(require 'flymake)

(defvar citynet-failed nil)

(defun citynet-check (ok what &optional detail)
  (princ (format "%s: %s%s\n" (if ok "ok" "FAILED") what (if ok "" (format ": %S" detail))))
  (unless ok (setq citynet-failed t)))

(defun citynet-wait (predicate)
  "Let the server answer until PREDICATE holds (30 s at most)."
  (with-timeout (30 nil)
    (while (not (funcall predicate))
      (accept-process-output nil 0.05)
      (when (bound-and-true-p flymake-mode) (flymake-start)))
    t))

(setq eglot-sync-connect t
      eglot-send-changes-idle-time 0)
(let ((root (getenv "CITYNET_REGISTRY")))
  ;; 1. A new agreement with a typo: `taipie' is a dangling reference at line 2, column 18.
  (find-file (expand-file-name "data/agreements/seoul-taipie-friendship.yaml" root))
  (run-hooks 'post-command-hook)
  (citynet-check (citynet-wait (lambda () (eglot-managed-p)))
                 "eglot started the citynet server for a YAML record")
  (insert "kind: friendship\nparties: [seoul, taipie]\nsources: [{title: A source}]\n")
  (eglot--signal-textDocument/didChange)
  (let ((found nil))
    (citynet-wait (lambda ()
                    (setq found (cl-remove-if-not
                                 (lambda (d) (string-match-p "taipie" (flymake-diagnostic-text d)))
                                 (flymake-diagnostics)))))
    (let ((first (car found)))
      (citynet-check (and first
                          (string-match-p "dangling-ref" (flymake-diagnostic-text first))
                          (equal (buffer-substring (flymake-diagnostic-beg first)
                                                   (flymake-diagnostic-end first)) "taipie")
                          (save-excursion (goto-char (flymake-diagnostic-beg first))
                                          (and (= (line-number-at-pos) 2)
                                               (= (current-column) 17))))
                     "taipie is underlined as a dangling reference at line 2, column 18"
                     (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))))
  ;; 2. Completion at `parties: [seoul, tai' offers taipei with its name.
  (goto-char (point-min))
  (forward-line 1)
  (delete-region (point) (line-end-position))
  (insert "parties: [seoul, tai")
  (eglot--signal-textDocument/didChange)
  (let* ((capf (eglot-completion-at-point))
         (table (nth 2 capf))
         (candidates (and capf (all-completions "tai" table)))
         (annotate (plist-get (nthcdr 3 capf) :annotation-function))
         (taipei (car (member "taipei" candidates)))
         (shown (and taipei annotate (funcall annotate taipei))))
    (citynet-check (and taipei shown (string-match-p "Taipei" shown))
                   (format "completion offers taipei with its name (%s)" shown) candidates))
  ;; 3. Renaming taipei: eglot 1.9 cannot move files, so the server says what to run.
  (find-file (expand-file-name "data/agreements/seoul-taipei-sister.yaml" root))
  (run-hooks 'post-command-hook)
  (citynet-wait (lambda () (eglot-managed-p)))
  (goto-char (point-min))
  (forward-line 1)
  (move-to-column 18)
  (let ((refused (condition-case err (progn (eglot-rename "taipei-city") nil)
                   (error (error-message-string err)))))
    (citynet-check (and refused (string-match-p "citynet rename city taipei taipei-city" refused))
                   "a rename eglot cannot apply is refused with the command to run" refused)))
(kill-emacs (if citynet-failed 1 0))
;;; emacs.el ends here
