/*
 * The one way the block's JavaScript calls a handler: POST JSON with Django's CSRF token and
 * resolve to {status, body} whatever happens (status 0 when the server cannot be reached), so
 * each caller handles success and every kind of error in one place. Used by the learner view
 * and the Studio editor.
 */
(function () {
    'use strict';

    function readCookie(name) {
        var found = null;
        (document.cookie || '').split(';').forEach(function (part) {
            var pair = part.trim();
            if (pair.slice(0, name.length + 1) === name + '=') {
                found = decodeURIComponent(pair.slice(name.length + 1));
            }
        });
        return found;
    }

    function postJson(url, data) {
        var headers = {'Content-Type': 'application/json', 'Accept': 'application/json'};
        var token = readCookie('csrftoken');
        if (token) {
            headers['X-CSRFToken'] = token;
        }
        return fetch(url, {
            method: 'POST', credentials: 'same-origin', headers: headers, body: JSON.stringify(data || {})
        }).then(function (response) {
            return response.text().then(function (text) {
                var body = null;
                try {
                    body = text ? JSON.parse(text) : null;
                } catch (err) {
                    body = null;
                }
                return {status: response.status, body: body};
            });
        }, function () {
            return {status: 0, body: null};
        });
    }

    window.MentoringHttp = {readCookie: readCookie, postJson: postJson};
}());
