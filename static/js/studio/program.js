/*
 * Studio editor: the program being edited, in and out.
 *
 * load() copies a program from the server into ed.program and the editor-only state beside
 * it; collect() turns them back into the program the server expects.
 */

import {splitLines, clone} from './util.js';

var LISTS = ['learning_areas', 'agenda', 'rating_scale', 'progress_questions', 'checkin_questions'];

/** Give the editor ed load(source), which makes a working copy, and collect(), the program to save. */
export function addProgram(ed) {
    function load(source) {
        var previous = ed.program;
        var program = ed.program = clone(source);
        LISTS.concat(['session_formats']).forEach(function (key) {
            if (!Array.isArray(program[key])) {
                program[key] = [];
            }
        });
        // The items open before (a save's answer, Cancel) stay open at their positions.
        LISTS.forEach(function (key) {
            ((previous && previous[key]) || []).forEach(function (item, index) {
                if (ed.openItems.has(item) && program[key][index]) {
                    ed.openItems.add(program[key][index]);
                }
            });
        });
        if (!program.completion || typeof program.completion !== 'object') {
            program.completion = {};
        }
        var areasById = {};
        program.learning_areas.forEach(function (area) {
            if (!(area.id in areasById)) {
                areasById[area.id] = area;
            }
        });
        program.agenda.forEach(function (item) {
            item.links = Array.isArray(item.links) ? item.links : [];
            ed.areaRefs.set(item, (item.areas || []).map(function (id) {
                return areasById[id] || String(id);
            }));
        });
    }

    // The program as the server expects it: unknown keys kept, editor-only state dropped.
    function collect() {
        var program = ed.program;
        var result = clone(program);
        result.agenda = program.agenda.map(function (item) {
            var out = clone(item);
            out.prompts = ed.promptText.has(item) ? splitLines(ed.promptText.get(item)) : (item.prompts || []).slice();
            var refs = ed.areaRefs.get(item) || [];
            out.areas = program.learning_areas.filter(function (area) {
                return refs.indexOf(area) !== -1;
            }).map(function (area) {
                return area.id;
            }).concat(refs.filter(function (ref) {
                return typeof ref === 'string';
            }));
            return out;
        });
        return result;
    }

    ed.load = load;
    ed.collect = collect;
}
