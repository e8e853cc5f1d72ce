// The Activity inbox takes in new events without a reload: every few seconds it asks for rows newer than the
// newest one shown (same chip, same anonymous setting) and puts them on top.
(function () {
    const stream = document.getElementById("activity-stream");
    if (!stream) return;
    const base = stream.dataset.newerUrl;

    // Choosing an event reloads the page: bring the chosen row back into the stream's view, and on a narrow screen,
    // where the preview sits below the stream, show the preview.
    const selected = stream.querySelector(".is-selected");
    if (selected) {
        stream.scrollTop += selected.getBoundingClientRect().top - stream.getBoundingClientRect().top - stream.clientHeight / 2;
        if (window.matchMedia("(max-width: 980px)").matches) {
            document.querySelector(".inbox-preview")?.scrollIntoView();
        }
    }

    async function poll() {
        const url = new URL(base, location.href);
        url.searchParams.set("handler", "newer");
        url.searchParams.set("after", stream.dataset.latest || "0");
        // The tiles come back in the same answer as the rows, recounted whenever anything newer than what they
        // counted has arrived, so a conversion that shows as a row is never missing from the tiles.
        const tiles = document.getElementById("activity-tiles");
        url.searchParams.set("counted", tiles?.dataset.countedThrough || "0");
        try {
            const response = await fetch(url, { headers: { "X-Requested-With": "fetch" } });
            if (!response.ok) return;
            const html = (await response.text()).trim();
            if (!html) return;
            const template = document.createElement("template");
            template.innerHTML = html;
            const freshTiles = template.content.getElementById("activity-tiles");
            if (tiles && freshTiles) tiles.replaceWith(freshTiles);
            const rows = [...template.content.querySelectorAll("li[data-activity-id]")];
            if (rows.length === 0) return;
            rows.forEach(r => r.classList.add("is-new"));
            // A person's older rows take their current name and identity: an anonymous visitor who just gave an
            // email is no longer shown as Anonymous further down.
            rows.forEach(r => stream.querySelectorAll(`li[data-contact-id="${r.dataset.contactId}"] .stream-who`)
                .forEach(who => { who.innerHTML = r.querySelector(".stream-who").innerHTML; }));
            stream.prepend(...rows);
            // Rows come in the order they happened; the next ask starts after the newest arrival among them.
            stream.dataset.latest = Math.max(Number(stream.dataset.latest || 0), ...rows.map(r => Number(r.dataset.activityId)));
            stream.closest(".card").querySelector(".empty-state")?.remove();
            while (stream.children.length > 100) stream.lastElementChild.remove();
        } catch {
            // A missed poll is retried on the next tick.
        }
    }

    setInterval(poll, 3000);
})();
