'use client';
import { useEffect, type RefObject } from 'react';

const BOTTOM_GAP_PX = 16;
const MIN_HEIGHT_PX = 520;

/**
 * Sizes the element to reach the bottom of the window from wherever it starts (banners above it come and go), so
 * the canvas and side panel fill the screen without the page scrolling.
 */
export function useFillViewport(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fit = () => {
      const top = el.getBoundingClientRect().top + window.scrollY;
      el.style.height = `${Math.max(MIN_HEIGHT_PX, window.innerHeight - top - BOTTOM_GAP_PX)}px`;
    };
    fit();
    // the shell's banners above the page change its top: watch the layout above us
    const observer = new ResizeObserver(fit);
    if (el.parentElement) observer.observe(el.parentElement);
    observer.observe(document.body);
    window.addEventListener('resize', fit);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', fit);
    };
  }, [ref]);
}
