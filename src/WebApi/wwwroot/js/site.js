// A little progressive enhancement; every page works without it.
"use strict";

// Copy buttons copy exactly the value (or text) of the element they name.
document.querySelectorAll("[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
        const source = document.getElementById(button.dataset.copy);
        const value = ("value" in source ? source.value : source.textContent).trim();
        const status = button.closest("section")?.querySelector(".copy-status");
        try {
            await navigator.clipboard.writeText(value);
            if (status) status.textContent = "Copied.";
        } catch {
            if ("select" in source) source.select();
            if (status) status.textContent = "Copying is blocked here: press Ctrl+C (or ⌘C) to copy.";
        }
    });
});

// The page that reveals a new token answers a POST. Replacing its history entry drops the POST, so that a
// reload (or coming back later) fetches the plain page instead of generating yet another token.
if (document.querySelector("[data-token-reveal]")) {
    history.replaceState(null, "", location.pathname);
}

// Picking a custom expiry date selects the "On a date" option.
document.querySelectorAll("[data-selects]").forEach((input) => {
    input.addEventListener("input", () => { document.getElementById(input.dataset.selects).checked = true; });
});
