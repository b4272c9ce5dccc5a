#!/usr/bin/env bash
# duchatai-cron.sh — the scheduled reports of a supervision office (see ./crontab).
#
#   duchatai-cron.sh morning   mail the morning report of overdue items (督查晨报);
#                              nothing on a day that is not a working day
#   duchatai-cron.sh weekly    write this week's report (督查周报) as HTML and Markdown
#                              under reports/ in the ledger and commit those two files
#
# Environment:
#   LEDGER          the ledger directory (required)
#   MAIL_TO         recipients of the morning report; empty: print it instead
#   NO_MAIL=1       print the morning report instead of mailing it
#   MAIL_CMD        the mailer (default: mail); called as: $MAIL_CMD -s SUBJECT MAIL_TO...
#   DUCHATAI        how to run duchatai (default: duchatai), e.g. "python3 -m duchatai"
#   DUCHATAI_TODAY  the date taken as today (YYYY-MM-DD), read by duchatai itself too
#   FORCE=1         send the morning report even on a day off
#
# Nothing here deletes or rewrites anything: the weekly mode adds two files
# and commits exactly those, whatever else is staged or lying in the ledger.
set -euo pipefail

: "${LEDGER:?set LEDGER to the ledger directory}"
read -r -a DUCHATAI_CMD <<< "${DUCHATAI:-duchatai}"
MAIL_TO=${MAIL_TO:-}
MAIL_CMD=${MAIL_CMD:-mail}
# Cron has no terminal: give the tables a width that reads well in mail.
export COLUMNS=${COLUMNS:-100}

dc() {
    "${DUCHATAI_CMD[@]}" --ledger "$LEDGER" "$@"
}

# One clock for the script and duchatai: DUCHATAI_TODAY when set, else today.
today=$(date -d "${DUCHATAI_TODAY:-today}" +%F)
export DUCHATAI_TODAY=$today

is_working_day() {
    # The ledger's own calendar knows holidays and adjusted workdays (调休).
    local yesterday
    yesterday=$(date -d "$today -1 day" +%F)
    [[ "$(dc calendar after "$yesterday" 1)" == "$today" ]]
}

morning() {
    if [[ "${FORCE:-}" != 1 ]] && ! is_working_day; then
        echo "$today is not a working day: no morning report" >&2
        return 0
    fi
    local report subject
    report=$(dc overdue)
    subject="督查晨报 $today"
    if [[ "${NO_MAIL:-}" == 1 || -z "$MAIL_TO" ]]; then
        printf '%s\n%s\n' "$subject" "$report"
        return 0
    fi
    # MAIL_TO may hold several addresses separated by spaces.
    read -r -a recipients <<< "$MAIL_TO"
    printf '%s\n' "$report" | "$MAIL_CMD" -s "$subject" "${recipients[@]}"
}

weekly() {
    local week html md
    week=$(date -d "$today" +%G-W%V)
    html="reports/周报-$week.html"
    md="reports/周报-$week.md"
    mkdir -p "$LEDGER/reports"
    dc weekly --week "$week" --format html --output "$LEDGER/$html"
    dc weekly --week "$week" --format markdown --output "$LEDGER/$md"

    # Commit the two reports alone, as the clerk (or "duchatai-cron" when the
    # machine has no git identity configured).
    local name email
    name=$(git -C "$LEDGER" config user.name || true)
    email=$(git -C "$LEDGER" config user.email || true)
    name=${DUCHATAI_USER:-${name:-duchatai-cron}}
    email=${email:-duchatai@localhost}
    git -C "$LEDGER" add -- "$html" "$md"
    if git -C "$LEDGER" diff --cached --quiet -- "$html" "$md"; then
        echo "weekly $week: reports unchanged, nothing to commit" >&2
        return 0
    fi
    git -C "$LEDGER" -c user.name="$name" -c user.email="$email" -c commit.gpgsign=false \
        commit -q --no-verify -m "weekly $week: 督查周报" -- "$html" "$md"
    echo "weekly $week: committed $html and $md" >&2
}

case "${1:-}" in
    morning) morning ;;
    weekly) weekly ;;
    *)
        echo "usage: $0 morning|weekly" >&2
        exit 2
        ;;
esac
