/*
 * The Studio editor's bundle entry (static/js/studio.bundle.js, built by `make studio-js`):
 * http.js defines window.MentoringHttp, which save.js posts through, and the runtime calls
 * the init function by its global name, MentoringStudioEditor (mentoring_xblock/ui/views.py).
 */
import '../http.js';
import {MentoringStudioEditor} from './editor.js';

window.MentoringStudioEditor = MentoringStudioEditor;
