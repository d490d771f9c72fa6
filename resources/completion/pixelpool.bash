# bash completion for pixelpool. Installed as share/bash-completion/completions/pixelpool.
# The option list follows `pixelpool --help`, the image extensions the input scanner's
# (shared/frontend/InputScanner.cpp): tests/package/check-docs.py compares them.

# The extensions a folder scan takes, in lower case; a name matches in any case (c.Jpg).
_pixelpool_images='jpg|jpeg|jpe|jfif|jif|jfi|mpo|png|apng|webp|tif|tiff|bmp|dib|heic|heif|hif|avif|gif|jxl|dng|cr2|cr3|crw|nef|nrw|arw|sr2|srf|raf|orf|ori|rw2|rwl|pef|srw|erf|3fr|fff|kdc|dcr|k25|mef|mos|mrw|iiq'

_pixelpool_presets()
{
    # Preset names as the installed pixelpool lists them (built-in and the user's), one a line:
    # a name may hold spaces ("my web").
    pixelpool --list-presets 2>/dev/null | cut -f1 | sed 's/ (user)$//'
}

# Adds the preset names that begin with the word being completed ("my\ w" or "'my w" too); readline
# quotes them as it quotes file names ("my\ web"), as the preset files offered beside them.
_pixelpool_add_presets()
{
    local word name
    word=$(dequote "$cur")
    compopt -o filenames 2>/dev/null
    while IFS= read -r name; do
        [[ -n $name && $name == "$word"* ]] && COMPREPLY+=("$name")
    done < <(_pixelpool_presets)
}

# Files whose names end in one of `extensions` (any case), and folders.
_pixelpool_files()
{
    local extensions=$1 i
    local -a found=()
    _filedir
    for i in "${COMPREPLY[@]}"; do
        if [[ -d $i || ${i,,} == *.@($extensions) ]]; then
            found+=("$i")
        fi
    done
    COMPREPLY=("${found[@]}")
}

_pixelpool()
{
    local cur prev words cword split
    _init_completion -s || return # -s: --format=j completes the value after '='

    # pixelpool report merge [--json] REPORT.json...
    if ((cword == 1)) && [[ $cur != -* ]] && [[ report == "$cur"* ]] && [[ -n $cur ]]; then
        COMPREPLY=(report)
    fi
    if ((cword >= 2)) && [[ ${words[1]} == report ]]; then
        if ((cword == 2)); then
            COMPREPLY=($(compgen -W "merge" -- "$cur"))
        elif [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--json -h --help" -- "$cur"))
        else
            _pixelpool_files json
        fi
        return
    fi

    case $prev in
        -h | --help | -v | --version | --list-presets)
            return
            ;;
        -p | --preset)
            local -a presets=()
            _pixelpool_add_presets
            presets=("${COMPREPLY[@]}")
            _pixelpool_files json
            COMPREPLY=("${presets[@]}" "${COMPREPLY[@]}")
            return
            ;;
        -o | --output)
            _filedir -d
            return
            ;;
        --format)
            COMPREPLY=($(compgen -W "jpeg png webp tiff bmp jxl avif keep" -- "$cur"))
            return
            ;;
        --overwrite)
            COMPREPLY=($(compgen -W "skip rename overwrite" -- "$cur"))
            return
            ;;
        --metadata)
            COMPREPLY=($(compgen -W "keep strip-location strip" -- "$cur"))
            return
            ;;
        --colour)
            COMPREPLY=($(compgen -W "keep srgb" -- "$cur"))
            return
            ;;
        --inputs-from | --report)
            _filedir
            return
            ;;
        --shard)
            COMPREPLY=($(compgen -W "auto" -- "$cur"))
            return
            ;;
        -w | --workers | --quality | --max-tasks-per-worker | --timeout | --max-megapixels | --shard-count)
            return # a number
            ;;
    esac
    $split && return # --option=value of an option without values to offer

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "-h --help -v --version --batch -p --preset -o --output -w --workers
            -r --recursive --follow-links -n --dry-run --json -q --quiet --verbose --format --quality --overwrite --metadata
            --colour --max-tasks-per-worker --timeout --max-megapixels --shard --shard-count --inputs-from --null
            --report --list-presets" -- "$cur"))
        return
    fi
    # Inputs: folders and the image files a folder scan would take.
    local -a report=("${COMPREPLY[@]}")
    _pixelpool_files "$_pixelpool_images"
    COMPREPLY=("${report[@]}" "${COMPREPLY[@]}")
} &&
    complete -F _pixelpool pixelpool
