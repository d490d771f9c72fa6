# bash completion for pixelpool. Installed as share/bash-completion/completions/pixelpool.
# The option list follows `pixelpool --help` (tests/package/check-docs.py compares them).

_pixelpool_presets()
{
    # Preset names as the installed pixelpool lists them (built-in and the user's).
    pixelpool --list-presets 2>/dev/null | cut -f1 | sed 's/ (user)$//'
}

_pixelpool()
{
    local cur prev words cword
    _init_completion || return

    case $prev in
        -h | --help | -v | --version | --list-presets)
            return
            ;;
        -p | --preset)
            COMPREPLY=($(compgen -W "$(_pixelpool_presets)" -- "$cur"))
            _filedir json
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

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "-h --help -v --version --batch -p --preset -o --output -w --workers
            -r --recursive -n --dry-run --json -q --quiet --verbose --format --quality --overwrite --metadata
            --colour --max-tasks-per-worker --timeout --max-megapixels --shard --shard-count --inputs-from --null
            --report --list-presets" -- "$cur"))
        return
    fi
    # Inputs: folders and the image files a folder scan would take.
    _filedir '@(jpg|jpeg|jpe|jfif|png|webp|tif|tiff|bmp|heic|heif|hif|avif|gif|jxl|dng|cr2|cr3|nef|nrw|arw|sr2|raf|orf|rw2|rwl|pef|srw|erf|3fr)'
} &&
    complete -F _pixelpool pixelpool
