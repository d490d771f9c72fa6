// The eight turns and mirrors of a picture's frame, named by the EXIF orientation (1–8) whose
// ops::applyExifOrientation makes them: how metadata bound to places in the picture (face regions,
// EXIF's subject area) follows the pixels through flips and quarter turns.
#pragma once

#include <utility>

namespace pp::meta {

// Where the point (x, y) of a frame, each from 0 to 1 (left to right, top to bottom), lies after
// the turn `orientation` (1–8; other values: where it was).
inline std::pair<double, double> turnPoint(int orientation, double x, double y)
{
    switch (orientation) {
    case 2:
        return {1 - x, y}; // mirrored left to right
    case 3:
        return {1 - x, 1 - y}; // 180°
    case 4:
        return {x, 1 - y}; // mirrored top to bottom
    case 5:
        return {y, x}; // transposed
    case 6:
        return {1 - y, x}; // 90° clockwise
    case 7:
        return {1 - y, 1 - x}; // transverse
    case 8:
        return {y, 1 - x}; // 90° counter-clockwise
    default:
        return {x, y};
    }
}

// Whether the turn swaps width and height.
inline bool turnSwaps(int orientation) { return orientation >= 5 && orientation <= 8; }

// The turn `first`, then `then`, as one.
inline int composeTurns(int first, int then)
{
    const auto apply = [&](double x, double y) {
        const auto [a, b] = turnPoint(first, x, y);
        return turnPoint(then, a, b);
    };
    for (int o = 1; o <= 8; ++o)
        if (turnPoint(o, 0, 0) == apply(0, 0) && turnPoint(o, 1, 0) == apply(1, 0) && turnPoint(o, 0, 1) == apply(0, 1))
            return o;
    return 1;
}

// The turn that undoes `orientation`.
inline int inverseTurn(int orientation)
{
    for (int o = 1; o <= 8; ++o)
        if (composeTurns(orientation, o) == 1)
            return o;
    return 1;
}

} // namespace pp::meta
